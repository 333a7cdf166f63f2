"""Fine Tune Studio: write fine-tuning examples, train models and compare them."""

__version__ = "0.1.0"
