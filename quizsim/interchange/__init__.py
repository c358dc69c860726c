"""Question banks in other formats: GIFT and Aiken read into quizsim questions, and packs written out
as GIFT, Aiken or JSON. No Textual, no Rich: the CLI uses it, and tests call it directly."""
