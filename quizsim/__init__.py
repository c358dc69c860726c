"""quizsim: answer a cloud-architecture exam question, then watch what the answer would do."""

__version__ = "0.1.0"
