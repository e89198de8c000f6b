"""Demo municipality (Ballerup-shaped) and synthetic datasets for benchmarks."""

from fleetplan.demo.municipality import build_demo_dataset as build_demo_dataset

__all__ = ["build_demo_dataset"]
