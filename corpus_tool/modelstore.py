"""Where Stanza models come from: the bundled ones, official ones fetched online, or a path.

A models directory is anything ``stanza.Pipeline("fi", dir=..., download_method=None)``
loads: a ``resources.json`` plus ``fi/<processor>/<package>.pt`` files.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from corpus_tool.errors import CorpusToolError

PROCESSORS = ("tokenize", "pos", "lemma", "ner")
BUNDLED_PACKAGES = {"tokenize": "corpustool", "pos": "corpustool", "lemma": "corpustool", "ner": "turkuone"}
OFFICIAL_RESOURCES_URL = "https://raw.githubusercontent.com/stanfordnlp/stanza-resources/main"


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def bundled_dir() -> Path:
    return Path(os.environ.get("CORPUS_TOOL_BUNDLED_MODELS", project_root() / "models" / "stanza"))


def official_dir() -> Path:
    base = os.environ.get("CORPUS_TOOL_HOME") or Path.home() / ".local" / "share" / "corpus-tool"
    return Path(base) / "stanza-official"


def resolve(spec: str) -> Path:
    """``bundled`` | ``official`` | a directory path -> a Stanza models directory."""
    if spec == "bundled":
        path = bundled_dir()
    elif spec == "official":
        path = official_dir()
        if not (path / "resources.json").exists():
            raise CorpusToolError(f"official models not found in {path}: run `corpus-tool models fetch` first")
    else:
        path = Path(spec)
    if not (path / "resources.json").exists():
        raise CorpusToolError(f"{path}: not a Stanza models directory (no resources.json)")
    return path


def md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# The tagger's and NER's weights are mostly word-embedding tables (75k x 100 in the NER);
# stored in half precision they take half the room, and Stanza's load_state_dict copies them
# back into its single-precision parameters (held-out scores in models/MODEL_CARD.md).
HALF_PRECISION = ("pos", "ner")


def store_half_precision(path: Path) -> None:
    """Rewrite a Stanza model file with its single-precision weights as float16."""
    import torch

    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    checkpoint["model"] = {name: value.half() if value.dtype == torch.float32 else value
                           for name, value in checkpoint["model"].items()}
    torch.save(checkpoint, path)


# An ensemble member's word-embedding table (75k x 100) in 8 bits with one scale per row:
# members are loaded by corpus-tool (``components.ner_ensemble``), not by Stanza, so they
# can be stored more compactly than the default models (scores in models/MODEL_CARD.md).
_INT8_SUFFIX, _SCALE_SUFFIX = ".int8", ".row_scale"


def store_ensemble_member(source: Path, target: Path) -> None:
    """Write a Stanza NER model as a compact ensemble member: large embedding tables in
    8 bits per weight, everything else in half precision."""
    import torch

    checkpoint = torch.load(source, map_location="cpu", weights_only=True)
    weights = {}
    for name, value in checkpoint["model"].items():
        if value.is_floating_point() and value.dim() == 2 and value.size(0) > 10_000:
            value = value.float()
            scale = value.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127
            weights[name + _INT8_SUFFIX] = torch.round(value / scale).to(torch.int8)
            weights[name + _SCALE_SUFFIX] = scale.half()
        else:
            weights[name] = value.half() if value.dtype == torch.float32 else value
    checkpoint["model"] = weights
    target.parent.mkdir(parents=True, exist_ok=True)
    torch.save(checkpoint, target)


def read_ensemble_member(path: Path):
    """An ensemble member's checkpoint as Stanza reads it (a file-like object): 8-bit tables
    turned back into single precision."""
    import io

    import torch

    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    weights = checkpoint["model"]
    for name in [n for n in weights if n.endswith(_INT8_SUFFIX)]:
        base = name[:-len(_INT8_SUFFIX)]
        weights[base] = weights.pop(name).float() * weights.pop(base + _SCALE_SUFFIX).float()
    buffer = io.BytesIO()
    torch.save(checkpoint, buffer)
    buffer.seek(0)
    return buffer


def install_bundled(trained: dict[str, Path], target: Path) -> Path:
    """Copy trained model files into ``target`` and write the resources.json that makes
    ``stanza.Pipeline("fi", dir=target, download_method=None)`` load them by default."""
    lang = target / "fi"
    entries = {}
    for processor, model in trained.items():
        if processor in ("pos_crf", "ner_crf"):   # read by corpus-tool beside the Stanza model, not by Stanza
            folder = lang / processor.removesuffix("_crf")
            folder.mkdir(parents=True, exist_ok=True)
            for source in (model, model.with_suffix(".json")):
                shutil.copyfile(source, folder / source.name)
            continue
        package = BUNDLED_PACKAGES[processor]
        dest = lang / processor / f"{package}.pt"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(model, dest)
        if processor in HALF_PRECISION:
            store_half_precision(dest)
        entries[processor] = {package: {"md5": md5(dest)}}
    resources_file = target / "resources.json"
    resources = json.loads(resources_file.read_text()) if resources_file.exists() else {}
    fi = resources.setdefault("fi", {"lang_name": "Finnish"})
    for processor, entry in entries.items():
        fi[processor] = entry
    defaults = {p: BUNDLED_PACKAGES[p] for p in PROCESSORS if p in fi}
    # Stanza resolves package="default" through "packages"; older code reads default_processors.
    fi["packages"] = {"default": defaults}
    fi["default_processors"] = defaults
    fi.setdefault("default_dependencies", {})
    resources_file.write_text(json.dumps(resources, indent=2, sort_keys=True) + "\n")
    return target


def fetch_official(target: Path, resources_url: str = OFFICIAL_RESOURCES_URL,
                   resources_version: str | None = None, model_url: str = "default",
                   processors: tuple[str, ...] = PROCESSORS) -> list:
    """Download the official Stanza Finnish models (and what they depend on, such as
    pretrained word vectors) with Stanza's own downloader, which checks every file's md5."""
    import stanza  # heavy: imported only when fetching
    from stanza.resources.common import DEFAULT_RESOURCES_VERSION

    target.mkdir(parents=True, exist_ok=True)
    try:
        return stanza.download(
            "fi", model_dir=str(target), processors=",".join(processors),
            resources_url=resources_url, resources_version=resources_version or DEFAULT_RESOURCES_VERSION,
            model_url=model_url, logging_level="WARN")
    except Exception as exc:  # network errors, md5 mismatches, unknown packages
        raise CorpusToolError(f"fetching official models from {resources_url} failed: {exc}") from exc
