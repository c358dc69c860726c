"""Which option wins and by how much: judging, ranking and the verdict rows. Never imports Textual or Rich."""
