"""The simulation engine (SimPy control plane, array data plane). Never imports Textual."""
