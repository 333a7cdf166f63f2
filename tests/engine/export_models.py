"""Small models and engine folders for the export tests, built offline in a second or two.

- `build_tiny_qwen2(dest)`: a Qwen2-architecture model (q/k/v biases, grouped-query
  attention, tied embeddings, more embedding rows than tokens, as Qwen2.5 has) with a
  byte-level BPE tokenizer that splits text with Qwen2's own rule and a ChatML template.
- `random_adapter(base, dest)`: a PEFT LoRA adapter with random (non-zero) A and B, so a
  merge that forgot or mis-scaled a layer shows.
- `fake_engine(data_dir, models_dir, base, adapter)`: an engine data folder whose records
  hold one succeeded job with that adapter, as `engine serve` leaves them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from fine_tune_studio.engine.export.gguf_vocab import QWEN2_SPLIT
from tests.support.model_fixtures import CHAT_TEMPLATE, training_texts


def build_tiny_qwen2(dest: Path, vocab: int = 400) -> Path:
    import torch
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    dest.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tokenizer.decoder = decoders.ByteLevel()
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tokenizer.train_from_iterator(training_texts(), trainer=trainers.BpeTrainer(
        vocab_size=vocab, special_tokens=specials, show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, pad_token="<|endoftext|>",
                                   eos_token="<|im_end|>",
                                   additional_special_tokens=["<|im_start|>"])
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(dest)
    config = Qwen2Config(
        vocab_size=len(fast) + 8, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
        tie_word_embeddings=True, rope_theta=1_000_000.0, eos_token_id=fast.eos_token_id,
        pad_token_id=fast.pad_token_id, bos_token_id=None,
    )
    torch.manual_seed(1)
    model = Qwen2ForCausalLM(config)
    with torch.no_grad():  # biases start at zero: make them count
        for name, parameter in model.named_parameters():
            if name.endswith(".bias"):
                parameter.normal_(0, 0.5)
    model.save_pretrained(dest)
    return dest


def random_adapter(base_dir: Path, dest: Path, *, modules_to_save: list[str] | None = None,
                   use_rslora: bool = False, layers: list[int] | None = None) -> Path:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(2)
    model = AutoModelForCausalLM.from_pretrained(base_dir)
    config = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "k_proj", "v_proj",
                                                           "o_proj", "gate_proj", "up_proj",
                                                           "down_proj"],
                        init_lora_weights=False, modules_to_save=modules_to_save,
                        use_rslora=use_rslora, layers_to_transform=layers,
                        task_type="CAUSAL_LM")
    peft_model = get_peft_model(model, config)
    with torch.no_grad():
        for name, parameter in peft_model.named_parameters():
            if "modules_to_save" in name:
                parameter.add_(torch.randn_like(parameter) * 0.05)
    peft_model.save_pretrained(dest)
    return dest


def fake_engine(data_dir: Path, models_dir: Path, base_dir: Path, adapter_dir: Path,
                *, model_name: str = "ft:base:test:abc123") -> str:
    """A succeeded job in an engine's records (the fine-tuned model's id is returned)."""
    from fine_tune_studio.engine.config import EngineConfig
    from fine_tune_studio.engine.records import FileRecord, JobRecord
    from fine_tune_studio.engine.store import Store
    from tests.support.test_files import AIRPORT_FAQ

    config = EngineConfig(data_dir=data_dir, models_dir=models_dir, token="")
    config.files_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(AIRPORT_FAQ, config.files_dir / "file-1")
    store = Store(config.db_path)
    store.insert(FileRecord(id="file-1", filename=AIRPORT_FAQ.name, purpose="fine-tune",
                            bytes=AIRPORT_FAQ.stat().st_size, created_at=1, status="processed",
                            kind="chat", n_examples=24))
    hyper: dict[str, Any] = {"n_epochs": 3, "batch_size": 4, "learning_rate_multiplier": 1.0}
    store.insert(JobRecord(id="ftjob-abc123", created_at=1, model=base_dir.name,
                           training_file="file-1", validation_file=None, suffix="test", seed=3,
                           method_type="supervised", hyperparameters=hyper, engine_options={},
                           status="succeeded", fine_tuned_model=model_name, finished_at=2,
                           adapter_dir=str(adapter_dir), base_dir=str(base_dir)))
    store.close()
    return model_name
