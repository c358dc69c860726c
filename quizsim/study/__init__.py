"""Learning state: attempts and scheduling. Never imports Textual."""
