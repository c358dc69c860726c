"""Modal dialogs: help, tag filter, content problems. Each is safe against being dismissed twice."""
