"""The layers: models know nothing of the web package."""
import subprocess
import sys


def test_importing_every_model_imports_nothing_of_the_web_package():
    code = ("import sys, models; models.import_all(); import models.markdown; "
            "print(sorted(m for m in sys.modules if m == 'portal' or m.startswith('portal.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
