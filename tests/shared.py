"""Where the shared sample documents are: ../shared beside the repository (as the project's checkouts and CI lay it
out), never an absolute path of one machine. Tests that need them skip with SKIP_REASON when they are absent."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FRUS_SAMPLES = SHARED / "samples" / "frus"
SKIP_REASON = f"the shared FRUS samples are absent ({FRUS_SAMPLES}: ../shared/samples/frus beside the repository)"
