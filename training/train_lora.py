"""Fine-tune a LoRA adapter on the shipped Qwen2.5-Coder-0.5B to write the compact notation.

    /work/venv-train/bin/python -m training.train_lora --out training/runs/r1 \
        --data training/data/corpus.jsonl training/data/corpus_asr.jsonl \
        --human tests/data/devset.jsonl tests/data/devset_llm.jsonl training/data/freeform_A.jsonl \
        --examples 4000 --seed 11

Run it in its own virtualenv (``make train-setup``: CPU torch 2.13.0, transformers, peft); it is
not part of the product or of CI. The base is the exact GGUF file the device runs, read and
dequantized by transformers, so the adapter is trained against the weights it will meet.

It checkpoints every ``--checkpoint-every`` steps (adapter, optimizer, schedule, position in the
data) into ``--out`` and resumes from there when started again with the same arguments: two
cores give about 0.3-0.6 examples a second, so a run takes hours and may be stopped at any
time. ``training/export_lora.py`` turns the latest checkpoint into the GGUF LoRA that ships.

Speed: only the answer's tokens carry loss, and the 152k-row output layer is applied to those
positions only; LoRA sits on every linear layer of the top ``--layers`` blocks, so the backward
pass stops there.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig, get_peft_model, get_peft_model_state_dict, set_peft_model_state_dict
from safetensors.torch import load_file, save_file
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

from services.nlu.notation import END, format_actions, prompt
from training.human import load_human
from training.vocab import RELATIONS

log = logging.getLogger("train")

BASE_DIR = Path(os.path.expanduser("~/.local/state/parley/models"))
BASE_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def load_corpus(paths: list[str]) -> list[dict[str, Any]]:
    """Read generated corpora; ``file*3`` puts a file's examples in the pool three times."""
    examples = []
    for spec in paths:
        name, _, times = spec.partition("*")
        with Path(name).open() as lines:
            examples += [json.loads(line) for line in lines if line.strip()] * int(times or 1)
    return examples


def people_in_prompt(world: dict[str, Any], rng: random.Random) -> list[str]:
    """The names the store would give the parser: stored names, sometimes with first names."""
    people = list(world.get("people", []))
    if rng.random() < 0.3:
        people += [p.split()[0] for p in people if " " in p and p not in RELATIONS]
    return people


def encode(example: dict[str, Any], tokenizer: Any, rng: random.Random) -> dict[str, list[int]]:
    world = example["world"]
    text = prompt(example["text"], people_in_prompt(world, rng), world.get("projects", []))
    target = example.get("target") or format_actions(example["actions"])
    prompt_ids = tokenizer(text, add_special_tokens=False).input_ids
    answer_ids = tokenizer(target + END, add_special_tokens=False).input_ids
    return {"ids": prompt_ids + answer_ids, "labels": [-100] * len(prompt_ids) + answer_ids}


def batches(encoded: list[dict[str, list[int]]], size: int, pad: int):
    for start in range(0, len(encoded), size):
        chunk = encoded[start : start + size]
        width = max(len(e["ids"]) for e in chunk)
        ids = torch.full((len(chunk), width), pad, dtype=torch.long)
        labels = torch.full((len(chunk), width), -100, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for row, e in enumerate(chunk):
            n = len(e["ids"])
            ids[row, :n] = torch.tensor(e["ids"])
            labels[row, :n] = torch.tensor(e["labels"])
            mask[row, :n] = 1
        yield ids, labels, mask


def loss_of(
    model: Any, ids: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor
) -> torch.Tensor:
    """Cross-entropy on the answer tokens, with the output layer applied only there."""
    causal = model.base_model.model
    hidden = causal.model(input_ids=ids, attention_mask=mask).last_hidden_state
    shifted = labels[:, 1:]
    where = shifted != -100
    logits = causal.lm_head(hidden[:, :-1][where])
    return torch.nn.functional.cross_entropy(logits.float(), shifted[where])


def load_base(args: argparse.Namespace) -> tuple[Any, Any]:
    """Read the shipped GGUF, dequantized; keep a bf16 copy in --cache for the next start."""
    dtype = torch.bfloat16 if args.bf16 else torch.float32
    cache = args.cache / ("base-bf16" if args.bf16 else "base-f32")
    if (cache / "weights.safetensors").exists():
        tokenizer = AutoTokenizer.from_pretrained(cache)
        config = AutoConfig.from_pretrained(cache)
        model = AutoModelForCausalLM.from_config(config, dtype=dtype)
        model.load_state_dict(load_file(cache / "weights.safetensors"))
        return tokenizer, model
    tokenizer = AutoTokenizer.from_pretrained(args.base_dir, gguf_file=args.base_file)
    model = AutoModelForCausalLM.from_pretrained(
        args.base_dir, gguf_file=args.base_file, dtype=dtype
    )
    cache.mkdir(parents=True, exist_ok=True)
    model.config.save_pretrained(cache)
    tokenizer.save_pretrained(cache)
    weights = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(weights, cache / "weights.safetensors")
    return tokenizer, model


def build(args: argparse.Namespace) -> tuple[Any, Any]:
    tokenizer, model = load_base(args)
    layers = model.config.num_hidden_layers
    config = LoraConfig(
        r=args.rank,
        lora_alpha=args.rank * 2,
        lora_dropout=0.05,
        target_modules=list(TARGETS),
        layers_to_transform=list(range(layers - args.layers, layers)),
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, config)  # adapter weights in float32 (peft's default)
    return tokenizer, model


def save_base_config(model: Any, tokenizer: Any, out: Path) -> None:
    """Write the base's config and tokenizer (no weights): the GGUF converter needs them."""
    base = out / "base"
    if not (base / "config.json").exists():
        model.base_model.model.config.save_pretrained(base)
        tokenizer.save_pretrained(base)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--out", type=Path, required=True)
    options.add_argument(
        "--data", nargs="+", required=True, help="generated corpora (file or file*repeat)"
    )
    options.add_argument("--human", type=Path, nargs="*", default=[], help="written sets")
    options.add_argument("--human-repeat", type=int, default=3)
    options.add_argument("--examples", type=int, default=4000, help="examples seen in all")
    options.add_argument("--batch", type=int, default=8)
    options.add_argument("--lr", type=float, default=3e-4)
    options.add_argument("--rank", type=int, default=16)
    options.add_argument("--layers", type=int, default=24, help="top blocks that get LoRA")
    options.add_argument("--seed", type=int, default=11)
    options.add_argument("--threads", type=int, default=2)
    options.add_argument("--checkpoint-every", type=int, default=25, help="steps")
    options.add_argument(
        "--stop-after",
        type=int,
        help="end after this many steps, the schedule still that of --examples (a run cut short "
        "for time, rebuilt as it ran)",
    )
    options.add_argument(
        "--init-from", type=Path, help="a run whose adapter this stage starts from (same shape)"
    )
    options.add_argument("--base-dir", type=Path, default=BASE_DIR)
    options.add_argument("--base-file", default=BASE_FILE)
    options.add_argument("--cache", type=Path, default=Path("~/.cache/parley-train").expanduser())
    options.add_argument(
        "--bf16",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="base weights and matmuls in bfloat16 (AMX/AVX-512 CPUs: several times faster)",
    )
    args = options.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "arguments.json").write_text(
        json.dumps(
            {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            default=str,
            indent=1,
        )
    )

    rng = random.Random(args.seed)
    generated = load_corpus(args.data)
    human = [e for path in args.human for e in load_human(path)] * args.human_repeat
    pool = generated + human
    rng.shuffle(pool)
    pool = pool[: args.examples]
    log.info(
        "%d examples (%d generated, %d from written sets x%d)",
        len(pool),
        len(generated),
        len(human) // max(args.human_repeat, 1),
        args.human_repeat,
    )

    start = time.monotonic()
    tokenizer, model = build(args)
    save_base_config(model, tokenizer, args.out)
    log.info("base loaded in %.0f s", time.monotonic() - start)
    encoded = [encode(e, tokenizer, rng) for e in pool]
    steps = math.ceil(len(encoded) / args.batch)

    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.0)
    warmup = max(1, min(30, steps // 10))

    def rate(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.05, 1 - (step - warmup) / max(1, steps - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    checkpoint = args.out / "checkpoint.pt"
    step, seconds = 0, 0.0
    if args.init_from and not checkpoint.exists():  # a later stage starts from an earlier one
        earlier = torch.load(args.init_from / "checkpoint.pt", weights_only=False)
        set_peft_model_state_dict(model, earlier["adapter"])
        log.info("adapter from %s (step %d)", args.init_from, earlier["step"])
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        set_peft_model_state_dict(model, state["adapter"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step, seconds = state["step"], state["seconds"]
        log.info("resumed at step %d of %d (%.0f s trained so far)", step, steps, seconds)

    model.train()
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    running = None
    stream = batches(encoded, args.batch, pad)
    for _ in range(step):
        next(stream)
    with (args.out / "loss.tsv").open("a") as losses:
        for ids, labels, mask in stream:
            began = time.monotonic()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                loss = loss_of(model, ids, labels, mask)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            seconds += time.monotonic() - began
            value = float(loss.detach())
            running = value if running is None else 0.9 * running + 0.1 * value
            losses.write(f"{step}\t{value:.4f}\t{seconds:.1f}\n")
            losses.flush()
            if step % 5 == 0:
                log.info(
                    "step %d/%d loss %.3f (avg %.3f) %.2f ex/s",
                    step,
                    steps,
                    value,
                    running,
                    step * args.batch / max(seconds, 1e-9),
                )
            is_last = step == steps or step == args.stop_after
            if step % args.checkpoint_every == 0 or is_last:
                _save(checkpoint, model, optimizer, scheduler, step, seconds)
            if step == args.stop_after:
                break
    log.info("done: %d steps, %.0f s of training", step, seconds)
    return 0


def _save(
    path: Path, model: Any, optimizer: Any, scheduler: Any, step: int, seconds: float
) -> None:
    state = {
        "adapter": get_peft_model_state_dict(model),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "step": step,
        "seconds": seconds,
    }
    partial = path.with_suffix(".tmp")
    torch.save(state, partial)
    os.replace(partial, path)
    log.info("checkpoint at step %d", step)


if __name__ == "__main__":
    sys.exit(main())
