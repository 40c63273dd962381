"""Turn a training run's latest checkpoint into the GGUF LoRA adapter that ships.

    /work/venv-train/bin/python -m training.export_lora --run training/runs/r1 \
        --output models/parley-parser.lora.gguf

It writes the adapter in PEFT's layout (adapter_config.json, adapter_model.safetensors) next to
the checkpoint, converts it with llama.cpp's own convert_lora_to_gguf.py (from the
llama-cpp-python source package, unpacked by ``make train-setup``) against the base's config
saved by the run, and writes ``<output>.json``: the file's sha256, the run's arguments, steps,
examples and training time. The model card (models/parley-parser.md) quotes it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import torch
from peft import LoraConfig
from safetensors.torch import save_file

from training.train_lora import TARGETS

LLAMA_CPP = Path("~/.cache/parley-train/llama.cpp").expanduser()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--run", type=Path, required=True)
    options.add_argument("--output", type=Path, required=True)
    options.add_argument("--llama-cpp", type=Path, default=LLAMA_CPP)
    options.add_argument("--outtype", default="f16", choices=["f32", "f16", "q8_0"])
    args = options.parse_args(argv)
    run = json.loads((args.run / "arguments.json").read_text())
    state = torch.load(args.run / "checkpoint.pt", weights_only=False)
    layers = 24
    config = LoraConfig(
        r=run["rank"],
        lora_alpha=run["rank"] * 2,
        lora_dropout=0.0,
        target_modules=list(TARGETS),
        layers_to_transform=list(range(layers - run["layers"], layers)),
        task_type="CAUSAL_LM",
        base_model_name_or_path=str(args.run / "base"),
    )
    adapter = args.run / "adapter"
    adapter.mkdir(exist_ok=True)
    config.save_pretrained(adapter)
    weights = {k: v.detach().float().contiguous() for k, v in state["adapter"].items()}
    save_file(weights, adapter / "adapter_model.safetensors")
    base_config = args.run / "base" / "config.json"
    hparams = json.loads(base_config.read_text())
    # A config read from a GGUF file names no architecture and says the weights are GGUF
    # blocks; the converter needs the first and must not try to unpack the second.
    hparams.setdefault("architectures", ["Qwen2ForCausalLM"])
    hparams.pop("quantization_config", None)
    base_config.write_text(json.dumps(hparams, indent=2))
    converter = args.llama_cpp / "convert_lora_to_gguf.py"
    if not converter.exists():
        sys.exit(f"{converter} is missing: run make train-setup")
    environment = {**os.environ, "PYTHONPATH": str(args.llama_cpp / "gguf-py")}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(converter), "--base", str(args.run / "base"), "--outfile",
         str(args.output), "--outtype", args.outtype, str(adapter)],
        check=True,
        env=environment,
    )  # fmt: skip
    losses = (args.run / "loss.tsv").read_text().split("\n")
    tail = [float(line.split("\t")[1]) for line in losses if line.strip()][-20:]
    record = {
        "file": args.output.name,
        "sha256": sha256(args.output),
        "bytes": args.output.stat().st_size,
        "steps": state["step"],
        "examples_seen": state["step"] * run["batch"],
        "training_seconds": round(state["seconds"]),
        "loss_last_20_steps": round(sum(tail) / max(len(tail), 1), 4),
        "arguments": run,
    }
    Path(str(args.output) + ".json").write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps({k: record[k] for k in ("sha256", "bytes", "steps", "training_seconds")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
