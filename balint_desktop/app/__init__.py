"""The Qt application layer: no widgets of its own, no storage below Qt."""
