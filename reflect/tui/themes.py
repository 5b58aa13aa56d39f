from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="reflect-high-contrast",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#FFFFFF",
    warning="#FFD700",
    error="#FF6EC7",
    success="#7CFC00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#262626",
    dark=True,
    variables={
        "footer-key-foreground": "#FFD700",
        "input-selection-background": "#FFD700 40%",
        "block-cursor-background": "#FFD700",
        "block-cursor-foreground": "#000000",
    },
)
"""White on black, with a yellow focus colour: for bright rooms, projectors and low vision."""
