"""hyojun's version is one string: the package's metadata takes it from checker.__version__ (a release bumped only
one of them and `pip show` disagreed with `hyojun --version` and the reports' ツール)."""

from setuptools.config.setupcfg import read_configuration

from checker import __version__
from tests.conftest import ROOT


def test_the_package_version_is_checker_version() -> None:
    assert read_configuration(ROOT / "setup.cfg")["metadata"]["version"] == __version__
    assert __version__ != "0.1.0"  # every hyojun until the stored formats changed: 0.1.0 names none of them
