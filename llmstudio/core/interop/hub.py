"""Download a model from the Hugging Face Hub (``huggingface_hub``): progress, cache, resume.

Only what an import reads is fetched (config, safetensors weights, tokenizer files,
licence and readme); pickled weights are never downloaded. Files go to the shared Hub
cache (``HF_HOME``), so a second import is instant and an interrupted download resumes.
``HF_ENDPOINT`` points the client at a mirror (the tests use a local server). Offline
machines, unknown ids and gated models get a message that says what to do.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress

log = logging.getLogger(__name__)

ALLOW_PATTERNS = ["config.json", "generation_config.json", "*.safetensors", "model.safetensors.index.json",
                  "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model",
                  "LICENSE*", "LICENCE*", "README.md"]


def download(repo_id: str, progress: Progress = no_progress, cancel: CancelToken | None = None) -> Path:
    """The local snapshot folder of ``repo_id`` (downloaded or resumed as needed)."""
    cancel = cancel or CancelToken()
    try:
        import huggingface_hub
        from huggingface_hub import errors
        from tqdm.auto import tqdm
    except ImportError as exc:
        raise StudioError("downloading from the Hub needs the 'huggingface_hub' package "
                          "(pip install 'llmstudio[hf]'); or import a downloaded folder") from exc

    token = cancel

    class _Bar(tqdm):
        """Forwards the file count to the job's progress and stops when the job is cancelled."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            result = super().update(n)
            if token.cancelled:
                raise JobCancelled()
            if self.total:
                progress(0.3 * self.n / self.total, f"downloading {repo_id}: {self.n} of {self.total} files")
            return result

    progress(None, f"downloading {repo_id} from the Hugging Face Hub")
    try:
        folder = huggingface_hub.snapshot_download(repo_id, allow_patterns=ALLOW_PATTERNS, tqdm_class=_Bar)
    except errors.GatedRepoError as exc:
        raise StudioError(f"{repo_id} is gated: accept its licence on the Hub and log in "
                          "(huggingface-cli login), then import again") from exc
    except errors.RepositoryNotFoundError as exc:
        raise StudioError(f"there is no model {repo_id} on the Hub (or it is private: log in with "
                          "huggingface-cli login)") from exc
    except errors.RevisionNotFoundError as exc:
        raise StudioError(f"{repo_id} has no main revision on the Hub") from exc
    except (errors.LocalEntryNotFoundError, errors.OfflineModeIsEnabled) as exc:
        raise StudioError(f"cannot reach the Hugging Face Hub to download {repo_id} and it is not in the cache; "
                          "connect to the network, or download the folder elsewhere and import the folder") from exc
    except errors.HfHubHTTPError as exc:
        raise StudioError(f"the Hub refused {repo_id}: {exc}") from exc
    except OSError as exc:
        raise StudioError(f"downloading {repo_id} failed: {exc}; run the import again to resume") from exc
    log.info("%s is in %s", repo_id, folder)
    return Path(folder)
