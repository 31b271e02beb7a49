"""The template calls of the automation API (mixed into `Vault`)."""

from __future__ import annotations

from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.templates import Template
from balint_desktop.storage.repository import Repository
from balint_desktop.storage.templates_store import TemplateStore, TemplateVersion


@translate_database_errors
class TemplatesApi:
    """Each group's prompts: its kind's wording by default, editable, versioned."""

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    @property
    def _templates(self) -> TemplateStore:
        return TemplateStore(self.repository)

    def group_template(self, group_id: int) -> Template:
        """Return the template the group's next sessions are written with."""
        return self._templates.group_template(group_id)

    def save_group_template(self, group_id: int, template: Template) -> int:
        """Keep an edited template as the group's next version and return its number.

        Sessions already created keep the template they were written with.
        Sections are the known ones (reworded, reordered or left out); your
        own responses stay private whatever the title says.
        """
        return self._templates.save(group_id, template)

    def reset_group_template(self, group_id: int) -> int:
        """Return the group to its kind's default wording (as a new version)."""
        return self._templates.reset(group_id)

    def template_versions(self, group_id: int) -> list[TemplateVersion]:
        """Return the group's own template versions, newest first."""
        return self._templates.versions(group_id)
