"""The README's model zoo tables are the model index's."""


def test_readme_tables_match_the_model_index(run_tool):
    proc, out = run_tool('misc/model_zoo.py', '--check', 'README.md')
    assert proc.returncode == 0, out
    assert 'up to date (moganet, van, focalnet, moat)' in out
