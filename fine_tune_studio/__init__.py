"""Fine Tune Studio: write fine-tuning examples, train models and compare them."""

__version__ = "0.1.0"
# The desktop identity: the .desktop file's name, the AppStream id and the Wayland app id
# (packaging/linux/). Reverse-DNS, as AppStream asks.
APP_ID = "io.github.finetunestudio.FineTuneStudio"
