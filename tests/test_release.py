"""Releases: one version everywhere, table diffs, bumps refused when too small, a reproducible
bundle without article texts, and metadata files that pass their formats' validators."""
from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import zipfile

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO
from unhrc_news import metadata
from unhrc_news.cli import main
from unhrc_news.config import Settings
from unhrc_news.csvio import read_records
from unhrc_news.diff import diff_packages
from unhrc_news.release import build_bundle

NEW = REPO / "tests/fixtures/new_article.txt"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def test_one_version_everywhere():
    version = re.search(r"^version:\s*(\S+)", (REPO / "schemas/package.yaml").read_text(), re.M)[1]
    assert re.search(r'^version = "(.+)"', (REPO / "pyproject.toml").read_text(), re.M)[1] == version
    assert re.search(r'^__version__ = "(.+)"', (REPO / "src/unhrc_news/__init__.py").read_text(), re.M)[1] == version
    assert json.loads((REPO / "datapackage.json").read_text())["version"] == version


@pytest.fixture
def project(built):
    for name in ("README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA", ".gitignore"):
        shutil.copy(REPO / name, built / name)
    shutil.copytree(REPO / "docs", built / "docs", dirs_exist_ok=True)
    return built


def test_bundle_is_reproducible_and_carries_no_article_text(project):
    first = build_bundle(Settings(root=project))
    zip_bytes, sums = first.archive.read_bytes(), (first.folder / "SHA256SUMS").read_bytes()
    second = build_bundle(Settings(root=project))
    assert second.archive.read_bytes() == zip_bytes and (second.folder / "SHA256SUMS").read_bytes() == sums
    names = zipfile.ZipFile(second.archive).namelist()
    prefix = names[0].split("/")[0]
    for needed in ("datapackage.json", "data/quotes.csv", "schemas/tables/quotes.schema.json", "README.md", "CHANGELOG.md",
                   "LICENSE", "LICENSE-DATA", "CITATION.cff", ".zenodo.json", "ARTICLES.md", "SHA256SUMS", "metadata/huggingface/README.md"):
        assert f"{prefix}/{needed}" in names, needed
    assert not any("seeds/articles" in n for n in names)
    article = (REPO / "seeds/articles/000_b879281f3141f40c.txt").read_bytes()[200:400]
    assert all(article not in zipfile.ZipFile(second.archive).read(n) for n in names)


def test_metadata_passes_each_formats_validator(project, tmp_path):
    desc = json.loads((project / "datapackage.json").read_text())
    cff = tmp_path / "CITATION.cff"
    cff.write_text(metadata.citation_cff(desc))
    assert metadata.check_citation(cff, project) == []
    cff.write_text(metadata.citation_cff(desc).replace("cff-version: 1.2.0", "cff-version: 1.2.0\ndate-released: yesterday").replace("date-released: '", "x-date: '"))
    assert metadata.check_citation(cff, project), "cffconvert must reject an invalid CITATION.cff"
    assert metadata.check_zenodo(metadata.zenodo_json(desc), project / "schemas") == []
    broken = json.loads(metadata.zenodo_json(desc)); del broken["creators"]; broken["upload_type"] = "data"
    assert len(metadata.check_zenodo(json.dumps(broken), project / "schemas")) == 2
    card = metadata.dataset_card(desc)
    assert metadata.check_dataset_card(card, desc, {r["path"] for r in desc["resources"]}) == []
    assert metadata.check_dataset_card(card, desc, set()), "a card pointing at missing files must fail"
    assert metadata.check_ckan(metadata.ckan_package(desc)) == []


LINKS = {"homepage": "https://unhrc-news.example.org", "repository": "https://git.example.org/unhrc-news/unhrc-news",
         "huggingface_dataset": "unhrc-news/unhrc-news", "limitations": "Machine rows are unreviewed."}


def test_links_reach_citation_zenodo_and_the_card(project, tmp_path):
    desc = json.loads((project / "datapackage.json").read_text())
    cff = yaml.safe_load(metadata.citation_cff(desc, LINKS))
    assert (cff["url"], cff["repository-code"]) == (LINKS["homepage"], LINKS["repository"])
    (tmp_path / "CITATION.cff").write_text(metadata.citation_cff(desc, LINKS))
    assert metadata.check_citation(tmp_path / "CITATION.cff", project) == []
    zenodo = metadata.zenodo_json(desc, LINKS)
    assert metadata.check_zenodo(zenodo, project / "schemas") == []
    assert {r["identifier"] for r in json.loads(zenodo)["related_identifiers"]} >= {LINKS["homepage"], LINKS["repository"]}
    assert metadata.missing_links(LINKS) == [] and len(metadata.missing_links({})) == 2


def test_dataset_card_counts_describes_cites_and_loads(project):
    from unhrc_news.coverage import measure, read_tables
    from unhrc_news.release import table_counts

    desc = json.loads((project / "datapackage.json").read_text())
    counts = table_counts(project)
    documents = read_records(project, "documents")
    card = metadata.dataset_card(desc, measure(read_tables(project)), counts=counts, documents=documents, links=LINKS)
    assert metadata.check_dataset_card(card, desc, {r["path"] for r in desc["resources"]}) == []
    assert f"{len(documents)} articles, published 2017-03-20 to 2025-11-07" in card
    for table, rows in counts.items():
        assert f"| `{table}` | {rows:,} |" in card
    for f in desc["resources"][0]["schema"]["fields"]:
        assert f"| `{f['name']}` | {f['type']} |" in card  # every column described
    assert "## Limitations\n\nMachine rows are unreviewed." in card and "## Reviewed and machine rows" in card
    assert "REPO" not in card
    load = re.search(r"```python\n(.*?)```", card, re.S)[1]
    ast.parse(load)
    assert 'load_dataset("unhrc-news/unhrc-news", "quotes", split="train")' in load
    bib = re.search(r"```bibtex\n(.*?)```", card, re.S)[1]
    assert bib.startswith("@misc{unhrc_news_") and "version = {" + desc["version"] + "}" in bib and bib.count("{") == bib.count("}")
    # without a Hub dataset the line reads the CSV of a downloaded copy
    assert 'load_dataset("csv", data_files="data/quotes.csv", split="train")' in metadata.dataset_card(desc, links={})


def test_diff_after_adding_one_article_lists_exactly_its_rows(project, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(project / "data", before / "data")
    shutil.copy(project / "datapackage.json", before)
    result = CliRunner().invoke(main, ["--root", str(project), "add", str(NEW)])
    doc = result.output.strip().splitlines()[-1]
    d = diff_packages(before, project)
    for table in ("actor_mentions", "quotes", "statistics", "event_evidence"):
        t = d.tables[table]
        assert t.added and not t.removed and not t.changed, table
    assert d.tables["documents"].added == [(doc,)] and not d.tables["documents"].changed
    assert all(not t.removed and not t.changed for t in d.tables.values())
    assert d.required_bump() == "minor"
    added_ids = {k[0] for k in d.tables["quotes"].added}
    import csv
    with open(project / "data/quotes.csv", encoding="utf-8") as fh:
        quotes = {r["quote_id"]: r for r in csv.DictReader(fh)}
    assert {quotes[q]["document_id"] for q in added_ids} == {doc}
    text = CliRunner().invoke(main, ["diff", str(before), str(project)]).output
    assert "documents: 1 added, 0 removed, 0 changed" in text and "required version bump: minor" in text


def test_release_flow_with_tags(project):
    def git(*args):
        return subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, text=True, env={**GIT_ENV, "PATH": "/usr/bin:/bin"}).stdout

    (project / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "0.1.0"\n')
    git("init", "-q"); git("add", "-A"); git("commit", "-q", "-m", "start")
    runner = CliRunner(env=GIT_ENV)
    dry = runner.invoke(main, ["--root", str(project), "release", "--bump", "minor", "--dry-run"])
    assert dry.exit_code == 0 and "dry run: would set version 0.1.0" in dry.output and not git("tag")
    first = runner.invoke(main, ["--root", str(project), "release", "--bump", "patch", "--date", "2026-11-25"])
    assert first.exit_code == 0, first.output
    assert git("tag").split() == ["v0.1.0"] and (project / "build/release/0.1.0/unhrc-news-0.1.0.zip").exists()
    with zipfile.ZipFile(project / "build/release/0.1.0/unhrc-news-0.1.0.zip") as z:
        assert z.read("unhrc-news-0.1.0/RELEASE-COMMIT").decode().strip() == git("rev-parse", "v0.1.0^{commit}").strip()
    # an edit after the release never travels in that version's bundle, nor is it published
    events = project / "seeds/events.yaml"
    original = events.read_text(encoding="utf-8")
    events.write_text(original.replace("summary:", "summary: (edited)", 1), encoding="utf-8")
    bundle = runner.invoke(main, ["--root", str(project), "bundle"])
    assert bundle.exit_code == 1 and "the working tree differs from tag v0.1.0 in seeds/events.yaml" in bundle.output
    publish = runner.invoke(main, ["--root", str(project), "publish", "--to", "zenodo", "--sandbox", "--dry-run"])
    assert publish.exit_code == 1 and "the working tree differs from tag v0.1.0 in seeds/events.yaml" in publish.output
    events.write_text(original, encoding="utf-8")
    assert runner.invoke(main, ["--root", str(project), "bundle"]).exit_code == 0  # as released again: allowed
    runner.invoke(main, ["--root", str(project), "add", str(NEW)])
    too_small = runner.invoke(main, ["--root", str(project), "release", "--bump", "patch"])
    assert too_small.exit_code == 1 and "need a minor release" in too_small.output and "use --bump minor" in too_small.output
    second = runner.invoke(main, ["--root", str(project), "release", "--bump", "minor", "--date", "2026-12-01"])
    assert second.exit_code == 0, second.output
    assert git("tag").split() == ["v0.1.0", "v0.2.0"]
    changelog = (project / "CHANGELOG.md").read_text()
    assert changelog.index("## 0.2.0 (2026-12-01)") < changelog.index("## 0.1.0 (2026-11-25)")
    assert "| documents | 1 | 0 | 0 |" in changelog
    # generated, with the keys of what changed; the first release states the rows it published
    assert re.search(r"^- documents: added 004_[0-9a-f]{16}$", changelog, re.M)
    assert re.search(r"^- quotes: added q_[0-9a-f]{12}", changelog, re.M)
    first_entry = changelog[changelog.index("## 0.1.0 (2026-11-25)"):]
    assert "First release. Rows per table" in first_entry and "| documents | 4 |" in first_entry and "| quotes | 28 |" in first_entry
    assert json.loads((project / "datapackage.json").read_text())["version"] == "0.2.0"
    assert 'version = "0.2.0"' in (project / "pyproject.toml").read_text()
