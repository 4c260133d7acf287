"""Where Coffer keeps its files: platformdirs user dirs, or everything under $COFFER_HOME."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Coffer"
APP_AUTHOR = "Coffer"


@dataclass(frozen=True)
class AppPaths:
    data: Path  # vault.db, backups
    models: Path  # the assembled, verified GGUF model
    config: Path  # settings.json (no secrets)
    logs: Path  # logs without document text
    cache: Path

    @property
    def vault(self) -> Path:
        return self.data / "vault.db"

    @property
    def settings(self) -> Path:
        return self.config / "settings.json"

    def ensure(self) -> AppPaths:
        """Create every dir, owner-only (0700): nobody else on the machine may list them."""
        for d in (self.data, self.models, self.config, self.logs, self.cache):
            d.mkdir(parents=True, exist_ok=True)
            try:
                os.chmod(d, 0o700)
            except OSError:  # e.g. a FAT USB stick in portable mode; the vault stays encrypted
                pass
        return self


def app_paths(env: dict[str, str] | None = None) -> AppPaths:
    """``COFFER_HOME`` moves everything under one folder (tests, portable use)."""
    env = dict(os.environ) if env is None else env
    home = env.get("COFFER_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(
            data=root / "data", models=root / "models", config=root / "config",
            logs=root / "logs", cache=root / "cache",
        )
    data = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return AppPaths(
        data=data,
        models=data / "models",
        config=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
    )
