"""Build hook: store the shipped catalogue in SQLite inside the wheel, and refuse to ship an invalid one;
compile the interface's gettext catalogues (.po -> .mo, with Babel).

The wheel then carries `trygghet_cli/data/initiatives.sqlite` beside the YAML, so the shipped
catalogue loads without parsing YAML (see trygghet_cli/store.py) and needs no cache.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class StoreCatalogue(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from trygghet_cli import loader, store
            from trygghet_cli.schema import build_catalogue
        finally:
            sys.path.pop(0)
        source = root / "data" / "initiatives.yaml"
        data = loader.read_bytes(source)
        built = build_catalogue(loader.parse(data, str(source)), str(source))  # raises on an invalid file
        store.stamp(built.store, store.digest(data))
        store.keep_built(built.store, built._replace(store=None, source=""), built.store.all())
        out = Path(tempfile.mkdtemp(prefix="trygghet-build-")) / "initiatives.sqlite"
        if not store.save(built.store, out):
            raise OSError(f"could not write {out}")
        build_data["force_include"][str(out)] = "trygghet_cli/data/initiatives.sqlite"
        self._compile_locales(root, version, build_data)

    def _compile_locales(self, root: Path, version: str, build_data: dict[str, Any]) -> None:
        """The interface's .po files compiled to .mo with Babel: into the wheel, or, for an
        editable install, beside the .po files in the checkout (git-ignored)."""
        sys.path.insert(0, str(root / "tools"))
        try:
            import locales
        finally:
            sys.path.pop(0)
        if version == "editable":
            locales.compile_all()
            return
        out = Path(tempfile.mkdtemp(prefix="trygghet-locales-"))
        for mo in locales.compile_all(out):
            build_data["force_include"][str(mo)] = f"trygghet_cli/locales/{mo.relative_to(out).as_posix()}"
