"""Demo municipality (Ballerup-shaped) and synthetic datasets for benchmarks.

Write either to a neutral-format folder with ``fleetplan.ingest.tabular.write_folder``.
"""

from fleetplan.demo.municipality import build_demo_dataset as build_demo_dataset
from fleetplan.demo.synthetic import (
    build_synthetic_dataset as build_synthetic_dataset,
)

__all__ = ["build_demo_dataset", "build_synthetic_dataset"]
