"""The command line: a thin face over quizsim.content and quizsim.sim."""
