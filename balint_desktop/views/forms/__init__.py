"""Generated Qt forms and resources; do not edit."""
