"""The standard as data: consistent procedures, manual elements and scheme."""

from __future__ import annotations

from generator.catalog import check_catalog, load_catalog


def test_catalog_is_consistent() -> None:
    catalog = load_catalog()
    assert check_catalog(catalog) == []


def test_twenty_two_procedures_in_order() -> None:
    ids = [p.id for p in load_catalog().procedures]
    assert ids == [f"P{n:02d}" for n in range(1, 23)]


def test_weights_sum_to_100_and_scheme_is_labelled_estimate() -> None:
    scheme = load_catalog().scheme
    assert abs(sum(i.weight for i in scheme.indicators) - 100) < 1e-9
    assert "估计" in scheme.name


def test_every_cited_clause_is_an_indicator() -> None:
    catalog = load_catalog()
    for proc in catalog.procedures:
        for clause in proc.clauses:
            assert clause in catalog.scheme.indicators_by_id, (proc.id, clause)


def test_record_codes_unique_and_at_least_thirty() -> None:
    codes = [r.code for p in load_catalog().procedures for r in p.records]
    assert len(codes) == len(set(codes)) >= 30


def test_required_manual_elements_are_the_contract() -> None:
    required = {e.id for e in load_catalog().elements if e.required}
    assert required == {"scope", "functions", "organization", "mechanism", "document_control"}
