"""Turn a shipped GGUF LoRA adapter back into a training checkpoint, so a new stage starts from it.

    PYTHONPATH=. .venv-train/bin/python -m training.import_lora \
        --adapter services/nlu/adapter/parley-parser.lora.gguf --out training/runs/shipped

A stage's ``--init-from`` reads ``<run>/checkpoint.pt``; the runs themselves are not kept in the
repository (they hold optimizer state, hundreds of MB), so the adapter that ships is the only
record of the stages before. This reads its tensors with gguf-py (the reader llama.cpp's own
converters use) and names them the way PEFT does, the inverse of ``convert_lora_to_gguf.py``:
``blk.8.attn_q.weight.lora_a`` is ``base_model.model.model.layers.8.self_attn.q_proj.lora_A``.
The rank and layers come from the adapter's ``.json`` record; a test exports the imported
checkpoint again and compares the tensors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# llama.cpp's tensor names for Qwen2's linear layers, and where PEFT puts the same layer
MODULES = {
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}
SIDES = {"lora_a": "lora_A", "lora_b": "lora_B"}


def peft_name(gguf_name: str) -> str:
    """Return PEFT's state-dict key for one of llama.cpp's LoRA tensor names."""
    block, layer, module, weight, side = gguf_name.split(".")
    if block != "blk" or weight != "weight" or module not in MODULES or side not in SIDES:
        raise ValueError(f"not a Qwen2 LoRA tensor: {gguf_name}")
    return f"base_model.model.model.layers.{int(layer)}.{MODULES[module]}.{SIDES[side]}.weight"


def read_adapter(path: Path) -> dict[str, Any]:
    """Return the adapter's tensors (torch) under PEFT's names, as float32."""
    # here: gguf-py and torch are in the training virtualenv only (make train-setup)
    import numpy as np
    import torch
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    weights = {}
    for tensor in reader.tensors:
        data = np.array(tensor.data, dtype=np.float32)
        weights[peft_name(tensor.name)] = torch.from_numpy(data.copy())
    return weights


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--adapter", type=Path, required=True)
    options.add_argument("--out", type=Path, required=True)
    args = options.parse_args(argv)
    import torch

    record = json.loads(Path(str(args.adapter) + ".json").read_text())
    weights = read_adapter(args.adapter)
    args.out.mkdir(parents=True, exist_ok=True)
    # what a later stage's --init-from reads: the adapter and the step it had reached
    torch.save({"adapter": weights, "step": record["steps"]}, args.out / "checkpoint.pt")
    (args.out / "arguments.json").write_text(json.dumps(record["arguments"], indent=1) + "\n")
    print(json.dumps({"tensors": len(weights), "from": record["sha256"], "out": str(args.out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
