from pathlib import Path

from data_access import dictionary, schema
from steerco import cli

ROOT = Path(__file__).resolve().parents[2]


def test_committed_data_dictionary_matches_the_schema():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed.strip() == dictionary.markdown().strip(), (
        "run: steerco dictionary --out docs/data-dictionary.md"
    )
    for ds in schema.DATASETS:
        assert f"## {ds.name} — " in committed


def test_seed_then_status_on_a_fresh_sqlite_file(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert cli.main(["seed", "--scale", "demo", "--as-of", "2026-11-16", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "projects" in out and "seeded" in out
    assert cli.main(["status", "--db", url]) == 0
    out = capsys.readouterr().out
    assert f"schema version: {schema.SCHEMA_VERSION}" in out
    assert "tickets              25,000" in out


def test_unreachable_database_exits_non_zero_with_a_message(capsys):
    code = cli.main(["status", "--db", "postgresql+psycopg://x:pw@127.0.0.1:9/none"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "cannot be reached" in err and "pw" not in err
