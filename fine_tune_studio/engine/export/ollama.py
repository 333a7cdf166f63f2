"""An Ollama folder's Modelfile: the GGUF, the chat template in Ollama's Go-template
syntax, the dataset's system prompt and the stop words.

Ollama fills `.Messages` (each with `.Role` and `.Content`; the Modelfile's SYSTEM arrives
as the first message when a chat brings none). The two families written here render a
conversation exactly as their Hugging Face templates do with the generation prompt: ChatML
(Qwen2/2.5 and our test model) and Llama 3. Other templates get no TEMPLATE line: Ollama
then falls back to the template it recognises in the GGUF, or to plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

CHATML = "chatml"
LLAMA3 = "llama3"

TEMPLATES = {
    CHATML: (
        "{{- range .Messages }}<|im_start|>{{ .Role }}\n"
        "{{ .Content }}<|im_end|>\n"
        "{{ end }}<|im_start|>assistant\n"
    ),
    LLAMA3: (
        "{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n"
        "{{ .Content }}<|eot_id|>"
        "{{- end }}<|start_header_id|>assistant<|end_header_id|>\n\n"
    ),
}
STOPS = {
    CHATML: ["<|im_end|>", "<|im_start|>"],
    LLAMA3: ["<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>"],
}


def template_family(chat_template: str | None) -> str | None:
    text = chat_template or ""
    if "<|im_start|>" in text and "<|im_end|>" in text:
        return CHATML
    if "<|start_header_id|>" in text and "<|eot_id|>" in text:
        return LLAMA3
    return None


@dataclass(frozen=True)
class Modelfile:
    text: str
    family: str | None
    system_left_out: bool  # the prompt held '\"\"\"', which a Modelfile cannot quote


def modelfile(gguf_name: str, chat_template: str | None, system_prompt: str | None,
              model_name: str) -> Modelfile:
    family = template_family(chat_template)
    lines = [
        f"# Made by Fine Tune Studio. Create the model with:  ollama create {model_name} "
        "-f Modelfile",
        f"FROM ./{gguf_name}",
    ]
    if family is not None:
        lines.append(f'TEMPLATE """{TEMPLATES[family]}"""')
    left_out = False
    if system_prompt:
        if '"""' in system_prompt:
            left_out = True
        else:
            lines.append(f'SYSTEM """{system_prompt}"""')
    for stop in STOPS.get(family or "", []):
        lines.append(f'PARAMETER stop "{stop}"')
    return Modelfile("\n".join(lines) + "\n", family, left_out)


def create_command(model_name: str, modelfile_path: str) -> list[str]:
    return ["ollama", "create", model_name, "-f", modelfile_path]
