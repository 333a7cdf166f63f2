"""Facts about getting a model that the dialog and the CLI share: why a download failed,
in words for the user, and how fast it goes.

No I/O: `services.model_download` finds out what happened, this module words it.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum

from fine_tune_studio.core.i18n import LocalizedText

HUB_PAGE = "https://huggingface.co"
TOKENS_PAGE = "https://huggingface.co/settings/tokens"


class DownloadProblem(StrEnum):
    NETWORK = "network"  # the Hub (or the mirror in HF_ENDPOINT) cannot be reached
    OFFLINE = "offline"  # HF_HUB_OFFLINE is set: downloads are switched off
    GATED = "gated"  # the licence must be accepted on the model's page, with a token
    NOT_FOUND = "not_found"  # no such model, or a private one
    REVISION_NOT_FOUND = "revision_not_found"
    BAD_TOKEN = "bad_token"  # the Hub refused the token itself
    DISK_FULL = "disk_full"
    BUSY = "busy"  # another window or command is downloading the same model
    EXISTS = "exists"  # another model already has this name
    NOT_A_MODEL = "not_a_model"  # the files arrived, but they are not a usable model
    DAMAGED = "damaged"  # a file did not match the Hub's checksum
    SERVER = "server"  # the Hub answered with an error of its own
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ProblemFacts:
    """What the words of a problem may quote."""

    repo_id: str = ""
    name: str = ""
    revision: str = ""
    endpoint: str = HUB_PAGE
    had_token: bool = False
    needed_bytes: int = 0
    free_bytes: int = 0
    folder: str = ""
    detail: str = ""


def model_page(repo_id: str, endpoint: str = HUB_PAGE) -> str:
    return f"{endpoint.rstrip('/')}/{repo_id}"


def problem_words(
    kind: DownloadProblem, facts: ProblemFacts
) -> tuple[LocalizedText, LocalizedText]:
    """(what happened, what to do) for a failed download."""
    page = model_page(facts.repo_id, facts.endpoint)
    host = facts.endpoint.removeprefix("https://").removeprefix("http://").rstrip("/")
    if kind is DownloadProblem.NETWORK:
        return (_t(f"Could not reach {host}: this computer seems to be offline, or the "
                   "connection dropped.",
                   f"無法連線到 {host}：這台電腦似乎沒有網路，或連線中斷了。"),
                _t("Check the internet connection and press Download again: it continues "
                   "where it stopped.",
                   "請檢查網路連線，再按一次「下載」：會從中斷的地方繼續。"))
    if kind is DownloadProblem.OFFLINE:
        return (_t("Downloads from Hugging Face are switched off on this computer "
                   "(HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE is set).",
                   "這台電腦關閉了從 Hugging Face 下載的功能（設定了 HF_HUB_OFFLINE 或 "
                   "TRANSFORMERS_OFFLINE）。"),
                _t("Unset it and start Fine Tune Studio again, or add a model folder you "
                   "already have.",
                   "請取消這項設定後重新啟動 Fine Tune Studio，或加入您已經有的模型資料夾。"))
    if kind is DownloadProblem.GATED:
        if facts.had_token:
            fix = _t(f"Open {page}, sign in with the account your token belongs to and accept "
                     "the licence; once the page says you have access, download again.",
                     f"請開啟 {page}，用這個存取權杖（token）所屬的帳號登入並同意授權條款；"
                     "頁面顯示您已取得存取權後，再下載一次。")
        else:
            fix = _t(f"Open {page}, sign in (a free account) and accept the licence. Then "
                     f"create a read token at {TOKENS_PAGE}, enter it under Hugging Face "
                     "token, and download again.",
                     f"請開啟 {page}，登入（免費帳號）並同意授權條款；接著到 {TOKENS_PAGE} "
                     "建立一個讀取用的存取權杖（token），填入「Hugging Face 存取權杖」欄位，"
                     "再下載一次。")
        return (_t(f"{facts.repo_id} is gated: its owner lets only people who accepted its "
                   "licence download it.",
                   f"{facts.repo_id} 需要授權：擁有者只讓同意授權條款的人下載。"), fix)
    if kind is DownloadProblem.NOT_FOUND:
        return (_t(f"There is no model called {facts.repo_id} on {host} (or it is private).",
                   f"{host} 上沒有名為 {facts.repo_id} 的模型（或它是私人模型）。"),
                _t("Check the spelling, including capitals: copy the id from the top of the "
                   "model's page, for example Qwen/Qwen2.5-0.5B-Instruct.",
                   "請檢查拼字與大小寫：從模型頁面最上方複製名稱，例如 "
                   "Qwen/Qwen2.5-0.5B-Instruct。"))
    if kind is DownloadProblem.REVISION_NOT_FOUND:
        return (_t(f"{facts.repo_id} has no version “{facts.revision}”.",
                   f"{facts.repo_id} 沒有「{facts.revision}」這個版本。"),
                _t("Leave the version empty to get the newest one.",
                   "版本欄留空即可下載最新版本。"))
    if kind is DownloadProblem.BAD_TOKEN:
        return (_t("Hugging Face did not accept the token.",
                   "Hugging Face 不接受這個存取權杖（token）。"),
                _t(f"Create a new read token at {TOKENS_PAGE} and enter it again.",
                   f"請到 {TOKENS_PAGE} 建立新的讀取用存取權杖，再重新輸入。"))
    if kind is DownloadProblem.DISK_FULL:
        return (_t(f"Not enough free disk space: the model needs {format_bytes(facts.needed_bytes)}"
                   f", but only {format_bytes(facts.free_bytes)} is free in {facts.folder}.",
                   f"磁碟空間不足：模型需要 {format_bytes(facts.needed_bytes)}，但 "
                   f"{facts.folder} 只剩 {format_bytes(facts.free_bytes)}。"),
                _t("Free some space (or remove a model you no longer use), then download "
                   "again.",
                   "請清出一些空間（或移除不再使用的模型），然後再下載一次。"))
    if kind is DownloadProblem.BUSY:
        return (_t(f"{facts.repo_id} is already being downloaded by another window or "
                   "command.",
                   f"另一個視窗或指令已經在下載 {facts.repo_id}。"),
                _t("Wait for that download to finish, or stop it first.",
                   "請等那個下載完成，或先把它停止。"))
    if kind is DownloadProblem.EXISTS:
        return (_t(f"Another model is already called “{facts.name}”.",
                   f"已經有另一個模型叫做「{facts.name}」。"),
                _t("Choose another name, or remove that model first.",
                   "請換一個名稱，或先移除那個模型。"))
    if kind is DownloadProblem.NOT_A_MODEL:
        return (_t(f"{facts.repo_id} is not a model Fine Tune Studio can train: "
                   f"{facts.detail}",
                   f"{facts.repo_id} 不是 Fine Tune Studio 可以訓練的模型：{facts.detail}"),
                _t("Choose a chat (Instruct) model with safetensors weights, such as one "
                   "from the list.",
                   "請選擇含有 safetensors 權重的對話（Instruct）模型，例如清單中的模型。"))
    if kind is DownloadProblem.DAMAGED:
        return (_t(f"A downloaded file did not match its checksum ({facts.detail}); it was "
                   "removed.",
                   f"有一個下載的檔案與檢查碼不符（{facts.detail}），已刪除。"),
                _t("Download again.", "請再下載一次。"))
    if kind is DownloadProblem.SERVER:
        return (_t(f"{host} answered with an error ({facts.detail}).",
                   f"{host} 回應了錯誤（{facts.detail}）。"),
                _t("Try again in a few minutes: the download continues where it stopped.",
                   "請過幾分鐘再試：下載會從中斷的地方繼續。"))
    return (_t(f"The download failed: {facts.detail}", f"下載失敗：{facts.detail}"),
            _t("Try again; if it keeps failing, the details above help whoever looks into it.",
               "請再試一次；如果一直失敗，上面的詳細資訊可以協助他人找出原因。"))


# -- speed and time left --------------------------------------------------------------------


@dataclass
class TransferMeter:
    """Speed over the last `window` seconds of (time, bytes done) samples, and the time
    left at that speed. Times come from the caller, so it is testable without a clock."""

    window: float = 8.0
    min_span: float = 1.0  # a speed over less time than this is mostly noise
    _samples: deque[tuple[float, int]] = field(default_factory=deque)

    def add(self, when: float, done: int) -> None:
        if self._samples and done < self._samples[-1][1]:
            self._samples.clear()  # a file started over: old samples say nothing now
        self._samples.append((when, done))
        while len(self._samples) > 2 and when - self._samples[1][0] >= self.window:
            self._samples.popleft()

    def speed(self) -> float | None:
        """Bytes per second, or None until there is a span to measure."""
        if len(self._samples) < 2:
            return None
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return (d1 - d0) / (t1 - t0) if t1 - t0 >= self.min_span else None

    def seconds_left(self, done: int, total: int | None) -> float | None:
        speed = self.speed()
        if total is None or not speed or speed <= 0:
            return None
        return max(0.0, (total - done) / speed)


def format_bytes(size: float) -> str:
    """1 536 → "1.5 kB"; decimal units, as the Hub and file managers show sizes."""
    if size < 1000:
        return f"{int(size)} B"
    for unit in ("kB", "MB", "GB", "TB"):
        size /= 1000
        shown = f"{size:.1f}" if size < 99.95 else f"{size:.0f}"
        if float(shown) < 1000 or unit == "TB":  # 999.6 MB is "1.0 GB", not "1000 MB"
            return f"{shown} {unit}"
    raise AssertionError("unreachable")


def format_memory(size: float) -> str:
    """Memory as computers label it: 8 GiB of RAM is "8 GB" (binary units, decimal name),
    so the figure matches what the system says about itself."""
    gib = size / 1024**3
    return f"{gib:.1f} GB" if gib < 99.95 else f"{gib:.0f} GB"


def duration_words(seconds: float) -> LocalizedText:
    """A rounded time span: "about 40 s", "about 3 min", "about 1 h 20 min"."""
    if seconds < 60:
        value = max(5, math.ceil(seconds / 5) * 5)
        return _t(f"about {value} s", f"約 {value} 秒")
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return _t(f"about {minutes} min", f"約 {minutes} 分鐘")
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return _t(f"about {hours} h", f"約 {hours} 小時")
    return _t(f"about {hours} h {rest} min", f"約 {hours} 小時 {rest} 分鐘")


def _t(en: str, zh_tw: str) -> LocalizedText:
    return LocalizedText(en=en, zh_TW=zh_tw)
