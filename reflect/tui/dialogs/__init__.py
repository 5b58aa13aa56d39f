"""reflect's dialogs, one to a module, each with its own styles (the shared frame is in base.py)."""

from reflect.tui.dialogs.base import Dialog
from reflect.tui.dialogs.confirm import ConfirmDialog, confirm_delete
from reflect.tui.dialogs.conflict import ConflictDialog
from reflect.tui.dialogs.draft import DraftDialog
from reflect.tui.dialogs.leave import LeaveDialog
from reflect.tui.dialogs.why import WhyDialog

__all__ = ["ConfirmDialog", "ConflictDialog", "Dialog", "DraftDialog", "LeaveDialog", "WhyDialog", "confirm_delete"]
