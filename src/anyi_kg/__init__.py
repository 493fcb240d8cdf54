"""anyi-kg: a knowledge graph of regional industrial development in Anyi County, Jiangxi."""

__version__ = "0.1.0"
