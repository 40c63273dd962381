"""Reading a shipped GGUF LoRA back under PEFT's names (training/import_lora.py)."""

from __future__ import annotations

import pytest

from training.import_lora import MODULES, peft_name


def test_every_llama_cpp_name_maps_to_the_peft_layer_it_came_from() -> None:
    assert (
        peft_name("blk.8.attn_q.weight.lora_a")
        == "base_model.model.model.layers.8.self_attn.q_proj.lora_A.weight"
    )
    assert (
        peft_name("blk.23.ffn_down.weight.lora_b")
        == "base_model.model.model.layers.23.mlp.down_proj.lora_B.weight"
    )
    names = {peft_name(f"blk.0.{module}.weight.lora_a") for module in MODULES}
    assert len(names) == 7  # q, k, v, o, gate, up, down: one PEFT layer each


@pytest.mark.parametrize(
    "name", ["token_embd.weight", "blk.1.attn_norm.weight.lora_a", "blk.x.attn_q.weight.lora_a"]
)
def test_a_tensor_that_is_not_a_qwen2_lora_weight_is_refused(name: str) -> None:
    with pytest.raises(ValueError):
        peft_name(name)
