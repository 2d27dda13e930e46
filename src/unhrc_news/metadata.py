"""Repository metadata generated from datapackage.json, each checked against its format:

- CITATION.cff (Citation File Format 1.2.0), validated by cffconvert, the format's own tool,
  run from its own environment (it needs an older jsonschema than Frictionless);
- .zenodo.json (Zenodo deposit metadata), validated against the JSON Schema in
  schemas/publishing/ written from Zenodo's REST API documentation;
- a Hugging Face dataset card (README.md with YAML `configs`, one per table), written with
  huggingface_hub's DatasetCardData and read back by its DatasetCard parser;
- CKAN package metadata, mapped by frictionless-ckan-mapper and checked for what CKAN's
  package_create requires.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

SPDX_TO_ZENODO = {"CC-BY-4.0": "cc-by-4.0", "CC0-1.0": "cc0-1.0", "MIT": "mit", "ODbL-1.0": "odbl-1.0"}


def _licence(desc: dict) -> str:
    return desc.get("licenses", [{}])[0].get("name", "")


def _creators(desc: dict) -> list[str]:
    return [c.get("title", "") for c in desc.get("contributors", []) if "creator" in c.get("roles", ["creator"])] or ["unhrc-news maintainers"]


def release_date(desc: dict) -> str:
    return str(desc.get("created", ""))[:10]


LINKS = ("homepage", "repository", "huggingface_dataset", "limitations")


def project_links(schema_dir: Path) -> dict[str, str]:
    """schemas/package.yaml -> where the project lives and what users should know: homepage,
    repository, huggingface_dataset (OWNER/NAME) and limitations ('' when not set)."""
    data = yaml.safe_load((schema_dir / "package.yaml").read_text(encoding="utf-8")) or {}
    return {k: " ".join(str(data.get(k) or "").split()) for k in LINKS}


def missing_links(links: dict[str, str]) -> list[str]:
    """The settings a release should have but lacks, as one warning each."""
    return [f"schemas/package.yaml has no `{k}`: CITATION.cff, .zenodo.json and the dataset card will not point to it"
            for k in ("homepage", "repository") if not links.get(k)]


def citation_cff(desc: dict, links: dict[str, str] | None = None) -> str:
    links = links or {}
    data = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": desc["title"],
        "version": desc["version"],
        "date-released": release_date(desc),
        "authors": [{"name": name} for name in _creators(desc)],
        "license": _licence(desc),
        "abstract": desc.get("description", ""),
        "keywords": desc.get("keywords", []),
    }
    if desc.get("homepage") or links.get("homepage"):
        data["url"] = desc.get("homepage") or links["homepage"]
    if links.get("repository"):
        data["repository-code"] = links["repository"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def zenodo_json(desc: dict, links: dict[str, str] | None = None) -> str:
    links = links or {}
    data = {
        "upload_type": "dataset",
        "title": desc["title"],
        "description": desc.get("description", "") + "\n\n" + desc.get("rights", ""),
        "creators": [{"name": name} for name in _creators(desc)],
        "license": SPDX_TO_ZENODO.get(_licence(desc), _licence(desc).lower()),
        "version": desc["version"],
        "publication_date": release_date(desc),
        "keywords": desc.get("keywords", []),
        "access_right": "open",
        "related_identifiers": [{"identifier": r["identifier"], "relation": r["relation"], "resource_type": r.get("resource_type", "dataset")}
                                for r in desc.get("related_identifiers", [])],
    }
    homepage = desc.get("homepage") or links.get("homepage")
    if homepage:
        data["related_identifiers"].append({"identifier": homepage, "relation": "isDocumentedBy", "resource_type": "other"})
    if links.get("repository"):
        data["related_identifiers"].append({"identifier": links["repository"], "relation": "isSupplementedBy", "resource_type": "software"})
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def bibtex(desc: dict, links: dict[str, str] | None = None) -> str:
    """datapackage.json -> a BibTeX @misc entry for this version."""
    links = links or {}

    def field(value: str) -> str:
        return value.replace("\\", "").replace("{", "").replace("}", "")

    key = re.sub(r"\W+", "_", f"{desc['name']}_{desc['version']}")
    url = desc.get("homepage") or links.get("homepage") or links.get("repository") or ""
    lines = [f"@misc{{{key},",
             f"  title = {{{field(desc['title'])}}},",
             f"  author = {{{field(' and '.join(_creators(desc)))}}},",
             f"  year = {{{release_date(desc)[:4]}}},",
             f"  version = {{{field(desc['version'])}}},",
             f"  note = {{Data package, licence {field(_licence(desc))}}},"]
    if url:
        lines.append(f"  url = {{{field(url)}}},")
    return "\n".join(lines) + "\n}"


def load_line(links: dict[str, str], table: str) -> str:
    """The `datasets` call that loads one table: from the Hub when the card names its dataset,
    else from the CSV of a downloaded copy."""
    repo = links.get("huggingface_dataset")
    if repo:
        return f'{table} = load_dataset("{repo}", "{table}", split="train")'
    return f'{table} = load_dataset("csv", data_files="data/{table}.csv", split="train")'


def dataset_card(desc: dict, cov=None, *, counts: dict[str, int] | None = None, documents: list[dict] | None = None,
                 links: dict[str, str] | None = None) -> str:
    """datapackage.json (+ row counts, the documents table, coverage and the project's links)
    -> a Hugging Face dataset card (README.md): each table a config with its rows and columns
    described, how much a person reviewed, limitations, how to load and how to cite."""
    from huggingface_hub import DatasetCard, DatasetCardData

    links = links or {}
    counts = counts or {}
    data = DatasetCardData(
        license=SPDX_TO_ZENODO.get(_licence(desc), _licence(desc).lower()),
        language=["en"],
        pretty_name=desc["title"],
        tags=list(desc.get("keywords", [])),
        configs=[{"config_name": r["name"], "data_files": [{"split": "train", "path": r["path"]}], **({"default": True} if i == 0 else {})}
                 for i, r in enumerate(desc["resources"])],
    )
    parts = [f"# {desc['title']}", "", desc.get("description", ""), "",
             f"Version {desc['version']}, released {release_date(desc)}." + _span(documents)]
    where = [f"[{k}]({links[k]})" for k in ("homepage", "repository") if links.get(k)]
    if where:
        parts[-1] += " " + " and ".join(where) + "."
    parts += ["", "## Tables", "", "| table | rows | description |", "|---|---:|---|"]
    parts += [f"| `{r['name']}` | {counts[r['name']]:,} |" if r["name"] in counts else f"| `{r['name']}` | |" for r in desc["resources"]]
    parts[-len(desc["resources"]):] = [f"{row} {_cell(r.get('description', ''))} |" for row, r in zip(parts[-len(desc["resources"]):], desc["resources"], strict=True)]
    parts += ["", "## Load", "", "```python", "from datasets import load_dataset", "", load_line(links, "quotes"), "```", "",
              "Every table is a config (`" + "`, `".join(r["name"] for r in desc["resources"]) + "`); "
              "`datapackage.json` describes every column with its type and constraints, and "
              "`unhrc_news.load(path=FOLDER)` reads a downloaded copy with those types.", ""]
    parts += ["## Columns", ""]
    for r in desc["resources"]:
        parts += [f"### {r['name']}", "", "| column | type | description |", "|---|---|---|"]
        parts += [f"| `{f['name']}` | {f['type']} | {_cell(f.get('description', ''))} |" for f in r["schema"]["fields"]]
        parts.append("")
    body = "\n".join(parts) + "\n" + _review_section(cov)
    if links.get("limitations"):
        body += f"## Limitations\n\n{links['limitations']}\n\n"
    body += f"## Citation\n\n```bibtex\n{bibtex(desc, links)}\n```\n\n## Rights\n\n{desc.get('rights', '')}\n"
    return str(DatasetCard(f"---\n{data.to_yaml()}\n---\n\n{body}"))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _span(documents: list[dict] | None) -> str:
    if not documents:
        return ""
    dates = sorted(d["published_date"] for d in documents if d.get("published_date"))
    span = f", published {dates[0]} to {dates[-1]}" if dates else ""
    return f" {len(documents)} articles{span}."


def _review_section(cov) -> str:
    if cov is None:
        return ""
    from .coverage import markdown

    return ("## Reviewed and machine rows\n\nEvery row says whether a person reviewed it (`method=curated`) or it is an "
            "unreviewed machine proposal (`method=machine`). In this version:\n\n" + "\n".join(markdown(cov)) + "\n\n")


def ckan_package(desc: dict) -> dict:
    """datapackage.json -> CKAN package_create metadata (frictionless-ckan-mapper)."""
    from frictionless_ckan_mapper import frictionless_to_ckan

    package = frictionless_to_ckan.package(json.loads(json.dumps(desc)))
    return package


# ------------------------------------------------------------------------------- validation

def check_zenodo(text: str, schema_dir: Path) -> list[str]:
    import jsonschema

    schema = json.loads((schema_dir / "publishing" / "zenodo-deposit.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [f".zenodo.json: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(json.loads(text))]


def check_dataset_card(text: str, desc: dict, bundle_files: set[str]) -> list[str]:
    from huggingface_hub import DatasetCard

    card = DatasetCard(text)
    configs = card.data.to_dict().get("configs", [])
    problems = []
    if [c["config_name"] for c in configs] != [r["name"] for r in desc["resources"]]:
        problems.append("dataset card: configs do not list every table")
    for c in configs:
        for f in c["data_files"]:
            if f["path"] not in bundle_files:
                problems.append(f"dataset card: config {c['config_name']} points at {f['path']}, which the bundle does not hold")
    if not card.data.to_dict().get("license"):
        problems.append("dataset card: no license")
    return problems


def check_ckan(package: dict) -> list[str]:
    problems = []
    if not re.fullmatch(r"[a-z0-9_-]{2,100}", package.get("name", "")):
        problems.append(f"CKAN: name {package.get('name')!r} must be 2-100 lowercase letters, digits, '-' or '_'")
    if not package.get("title"):
        problems.append("CKAN: no title")
    for r in package.get("resources", []):
        if not r.get("name") or not (r.get("url") or r.get("path")):
            problems.append(f"CKAN: resource {r.get('name')!r} needs a name and a url")
    return problems


def cffconvert_path(root: Path) -> Path:
    from .config import Settings

    return Settings(root=root).tools / "cffconvert" / "bin" / "cffconvert"


def ensure_cffconvert(root: Path) -> Path:
    """The cffconvert executable (an environment of its own: it needs an older jsonschema than
    Frictionless), or a CommandError saying how to install it. Never installed here: nothing is
    downloaded while a release is made."""
    from .errors import CommandError

    exe = cffconvert_path(root)
    if exe.exists():
        return exe
    raise CommandError(
        f"CITATION.cff cannot be validated: cffconvert is not installed at {exe}. In a checkout run `make tools`; "
        f"otherwise `python -m venv {exe.parents[1]}` and `{exe.parents[1]}/bin/pip install --require-hashes --no-deps "
        "-r requirements-cffconvert.lock` (the lock ships with the package under share/unhrc-news/), "
        "or point UNHRC_NEWS_TOOLS at a folder holding cffconvert/bin/cffconvert")


def check_citation(path: Path, root: Path) -> list[str]:
    exe = ensure_cffconvert(root)
    result = subprocess.run([str(exe), "--validate", "--infile", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        return [f"CITATION.cff: cffconvert says: {(result.stdout + result.stderr).strip()[-500:]}"]
    return []
