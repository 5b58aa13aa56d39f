"""The ReflectApp's screens, one to a module (the reflection flow and Patterns have packages of their own)."""
