"""exam_app: offline, proctored desktop exams with signed and encrypted packs and results."""

__version__ = "0.1.0"
