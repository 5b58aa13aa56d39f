from reflect.tui.flow.screen import ReflectionScreen

__all__ = ["ReflectionScreen"]
