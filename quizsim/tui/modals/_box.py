"""The look shared by the small study modals (a centred box), kept beside them rather than in app.tcss."""

BOX_CSS = """
{name} {{ align: center middle; }}
{name} > .study-box {{
    width: 64;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .study-title {{ text-style: bold; margin-bottom: 1; }}
{name} .study-error {{ color: $text-error; }}
{name} Input {{ width: 100%; }}
"""


def box_css(name: str) -> str:
    return BOX_CSS.format(name=name)
