"""Versions: the upload path and the review state machine.

Upload (after Warehouse's file upload): authorize, validate everything (version
number, zip safety, compilation, manifest consistency, size limits), and only then
store the blobs, verify them, and commit the row with its audit event in one
transaction. A refused upload stores nothing. If the commit fails after the blobs
were written, they are removed again (each attempt writes blobs of its own).

State machine:

    uploaded ──submit──▶ in_review ──approve──▶ approved ──release──▶ released
        ▲                   │  └──reject──▶ rejected                     │
        └──────cancel───────┘          approved/released ──withdraw──▶ withdrawn

Each transition is a compare-and-set on the state column, so two concurrent requests
can never both succeed, and the audit event commits in the same transaction.
"""

from __future__ import annotations

import io
import logging
import secrets
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from miniport.center import building, review, validation
from miniport.center.authz import Perm, Principal
from miniport.center.context import AppContext
from miniport.center.db import utcnow
from miniport.center.errors import (
    ApiError,
    Conflict,
    Forbidden,
    Invalid,
    invalid_transition,
    not_found,
)
from miniport.center.models import MiniProgram, Version
from miniport.center.services import audit
from miniport.center.services.miniprograms import get_app
from miniport.center.storage import LocalStorage, sha256_hex
from miniport.package import PackageError, check_size_limits, extract_source_zip, read_package
from miniport.package.manifest import MANIFEST_NAME

log = logging.getLogger(__name__)

STATES = ("uploaded", "in_review", "approved", "rejected", "released", "withdrawn")


@dataclass(frozen=True)
class Transition:
    action: str
    source: tuple[str, ...]
    target: str
    perm: Perm


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", ("uploaded",), "in_review", Perm.APP_WRITE),
        Transition("cancel", ("in_review",), "uploaded", Perm.APP_WRITE),
        Transition("approve", ("in_review",), "approved", Perm.REVIEW),
        Transition("reject", ("in_review",), "rejected", Perm.REVIEW),
        Transition("release", ("approved",), "released", Perm.VERSION_RELEASE),
        Transition("withdraw", ("approved", "released"), "withdrawn", Perm.VERSION_RELEASE),
    )
}


def allowed_actions(state: str) -> list[str]:
    return [t.action for t in TRANSITIONS.values() if state in t.source]


def version_json(v: Version) -> dict[str, Any]:
    return {
        "appid": v.mini_program.appid,
        "version": v.version,
        "notes": v.notes,
        "state": v.state,
        "allowed_actions": allowed_actions(v.state),
        "upload_kind": v.upload_kind,
        "package_id": v.package_sha256,
        "package_size": v.package_size,
        "source_sha256": v.source_sha256,
        "source_size": v.source_size,
        "compiler_version": v.compiler_version,
        "warnings": v.warnings,
        "findings": v.findings,
        "created_at": v.created_at.isoformat(),
        "submitted_at": v.submitted_at.isoformat() if v.submitted_at else None,
        "reviewed_at": v.reviewed_at.isoformat() if v.reviewed_at else None,
        "review_reason": v.review_reason,
        "released_at": v.released_at.isoformat() if v.released_at else None,
        "withdrawn_at": v.withdrawn_at.isoformat() if v.withdrawn_at else None,
        "withdraw_reason": v.withdraw_reason,
        "is_trial": v.mini_program.trial_version_id == v.id,
    }


def _package_error(exc: PackageError, field: str = "file") -> Invalid:
    return Invalid(
        f"package.{exc.code}",
        f"The upload was refused: {exc.message}. Fix it and upload again.",
        field=field,
        entry=exc.entry,
        message_zh=exc.message_zh,
    )


def _looks_like_package(data: bytes) -> bool:
    """A .mpk has manifest.json as its first entry; reading the directory is safe."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            return bool(infos) and infos[0].filename == MANIFEST_NAME
    except zipfile.BadZipFile:
        return False


@dataclass
class Prepared:
    """A fully validated upload, not yet stored."""

    kind: str
    source: bytes | None
    package: bytes
    manifest: dict[str, Any]
    compiler_version: str
    warnings: list[dict[str, Any]]
    findings: list[dict[str, Any]]


def prepare(mp: MiniProgram, version: str, data: bytes, kind: str = "auto") -> Prepared:
    """Validate and (for sources) compile an upload; raises before anything is stored."""
    if kind not in ("auto", "source", "mpk"):
        raise Invalid("invalid_kind", "kind must be auto, source or mpk.", field="kind")
    if not data:
        raise Invalid("empty_upload", "The uploaded file is empty.", field="file")
    if kind == "auto":
        kind = "mpk" if _looks_like_package(data) else "source"
    source: bytes | None = None
    warnings: list[dict[str, Any]] = []
    if kind == "source":
        source = data
        with tempfile.TemporaryDirectory(prefix="miniport-upload-") as tmp:
            src = Path(tmp) / "src"
            try:
                extract_source_zip(data, src)
            except PackageError as exc:
                raise _package_error(exc) from exc
            built = building.build_from_source(src, mp.appid, version)
        package_bytes, warnings = built.package, built.warnings
    else:
        package_bytes = data
    try:
        pkg = read_package(package_bytes)
    except PackageError as exc:
        raise _package_error(exc) from exc
    m = pkg.manifest
    if m.appid != mp.appid:
        raise Invalid(
            "manifest_mismatch",
            f"The package is for appid {m.appid}, not {mp.appid}; rebuild it for this "
            "mini-program.",
            field="file",
            entry="manifest.json:appid",
        )
    if m.version != version:
        raise Invalid(
            "manifest_mismatch",
            f"The package says version {m.version} but the upload is for {version}; "
            "make them agree.",
            field="version",
            entry="manifest.json:version",
        )
    too_big = check_size_limits(m, review.DEFAULT_SIZE_LIMITS)
    if too_big:
        raise _package_error(too_big[0])
    return Prepared(
        kind=kind,
        source=source,
        package=package_bytes,
        manifest=m.to_json(),
        compiler_version=m.compiler_version,
        warnings=warnings,
        findings=review.findings(
            pkg,
            list(mp.allowed_domains or []),
            code_files=review.source_code_files(source) if source else None,
        ),
    )


def _existing(session: Session, mp: MiniProgram, version: str) -> Version | None:
    return session.scalar(
        select(Version).where(Version.mini_program_id == mp.id, Version.version == version)
    )


def _version_taken(mp: MiniProgram, version: str) -> Conflict:
    return Conflict(
        "version_exists",
        f"{mp.appid} already has a version {version}; versions are immutable, so upload "
        "with a new version number.",
        {"field": "version"},
    )


def blob_keys(
    appid: str, version: str, package_sha: str, source_sha: str | None
) -> tuple[str, str | None]:
    """Storage keys of one upload attempt: its own, never shared with another attempt.

    A random part makes concurrent attempts (even of identical bytes) write different
    blobs, so a failed attempt can delete what it wrote without ever touching a blob
    that another attempt is about to commit. The hash in the name is for people; the
    row's sha256 columns are what readers verify against.
    """
    attempt = secrets.token_hex(6)
    package_key = f"packages/{appid}/{version}/{package_sha[:16]}-{attempt}.mpk"
    source_key = (
        f"sources/{appid}/{version}/{source_sha[:16]}-{attempt}.zip" if source_sha else None
    )
    return package_key, source_key


def commit_upload(session: Session) -> None:
    """Commit the new version row. A separate function so tests can inject a failure
    exactly between storing the blobs and committing the row."""
    session.commit()


def upload(
    session: Session,
    ctx: AppContext,
    principal: Principal,
    appid: str,
    version: str,
    data: bytes,
    notes: str = "",
    kind: str = "auto",
) -> Version:
    mp = get_app(session, principal, appid, Perm.APP_WRITE)
    if mp.status != "active":
        raise Forbidden(
            "mini_program_suspended",
            f"{appid} is suspended by the operator; new versions cannot be uploaded.",
        )
    version = validation.semantic_version(version)
    notes = validation.text(notes, "notes", 4000)
    if _existing(session, mp, version) is not None:
        raise _version_taken(mp, version)
    prepared = prepare(mp, version, data, kind)

    package_sha = sha256_hex(prepared.package)
    source_sha = sha256_hex(prepared.source) if prepared.source is not None else None
    package_key, source_key = blob_keys(appid, version, package_sha, source_sha)
    written: list[str] = []
    try:
        ctx.storage.put(package_key, prepared.package, package_sha)
        written.append(package_key)
        if prepared.source is not None and source_key and source_sha:
            ctx.storage.put(source_key, prepared.source, source_sha)
            written.append(source_key)
        row = Version(
            mini_program_id=mp.id,
            version=version,
            notes=notes,
            state="uploaded",
            upload_kind=prepared.kind,
            source_key=source_key,
            source_sha256=source_sha,
            source_size=len(prepared.source) if prepared.source is not None else None,
            package_key=package_key,
            package_sha256=package_sha,
            package_size=len(prepared.package),
            manifest=prepared.manifest,
            compiler_version=prepared.compiler_version,
            warnings=prepared.warnings,
            findings=prepared.findings,
            uploaded_by_id=principal.user_id,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            principal,
            "version.upload",
            "version",
            f"{appid}@{version}",
            org_id=mp.org_id,
            after={"state": "uploaded", "package_id": package_sha, "kind": prepared.kind},
        )
        commit_upload(session)
    except BaseException as exc:
        session.rollback()
        _remove_blobs(ctx, written)
        if isinstance(exc, sa_exc.IntegrityError):
            raise _version_taken(mp, version) from exc
        raise
    return row


def _remove_blobs(ctx: AppContext, keys: list[str]) -> None:
    for key in keys:
        try:
            ctx.storage.delete(key)
        except Exception:  # the sweep at start-up removes what this misses
            log.exception("could not remove blob %s of a failed upload", key)


def referenced_keys(session: Session) -> set[str]:
    keys: set[str] = set()
    for pkg, src in session.execute(select(Version.package_key, Version.source_key)):
        keys.add(pkg)
        if src:
            keys.add(src)
    return keys


def sweep_orphans(session: Session, ctx: AppContext, min_age_seconds: float = 3600) -> list[str]:
    """Delete blobs no version refers to, older than `min_age_seconds` (so an upload in
    flight on another worker is not touched). Run at start-up by `miniport serve`."""
    now = utcnow()
    used = referenced_keys(session)
    removed = []
    for prefix in ("packages/", "sources/"):
        for blob in ctx.storage.list(prefix):
            if blob.key not in used and (now - blob.modified).total_seconds() >= min_age_seconds:
                ctx.storage.delete(blob.key)
                removed.append(blob.key)
    if isinstance(ctx.storage, LocalStorage):
        removed += ctx.storage.remove_stale_temp_files(min_age_seconds)
    return removed


def list_versions(session: Session, principal: Principal, appid: str) -> list[Version]:
    mp = get_app(session, principal, appid)
    stmt = select(Version).where(Version.mini_program_id == mp.id).order_by(Version.id)
    return list(session.scalars(stmt))


def get_version(
    session: Session, principal: Principal, appid: str, version: str, perm: Perm = Perm.APP_READ
) -> Version:
    mp = get_app(session, principal, appid, perm)
    v = _existing(session, mp, version)
    if v is None:
        raise not_found("version", f"{appid}@{version}")
    return v


def review_queue(session: Session, principal: Principal) -> list[Version]:
    principal.require(Perm.REVIEW)
    stmt = select(Version).where(Version.state == "in_review").order_by(Version.submitted_at)
    return list(session.scalars(stmt))


def transition(
    session: Session,
    principal: Principal,
    appid: str,
    version: str,
    action: str,
    reason: str = "",
) -> Version:
    t = TRANSITIONS.get(action)
    if t is None:
        raise Invalid(
            "invalid_action",
            f"Unknown action '{action}'; use one of {', '.join(TRANSITIONS)}.",
            field="action",
        )
    v = get_version(session, principal, appid, version)
    mp = v.mini_program
    # The operator can take any version down; everything else is the owning org's call
    # (or, for approve/reject, the operator's reviewers').
    operator_takedown = action == "withdraw" and principal.can(Perm.PLATFORM_ADMIN)
    if not operator_takedown:
        principal.require(t.perm, mp.org_id)
    if action == "approve" and v.uploaded_by_id == principal.user_id:
        raise Forbidden(
            "self_review",
            "You uploaded this version, so someone else has to review it.",
        )
    reason = validation.text(reason, "reason", 4000)
    if action == "reject" and not reason:
        raise Invalid("reason_required", "Say why the version is rejected.", field="reason")
    if action == "release" and mp.status != "active":
        raise Forbidden(
            "mini_program_suspended", f"{appid} is suspended; it cannot release versions."
        )
    if v.state not in t.source:
        raise invalid_transition(
            "Version",
            f"{appid}@{version}",
            v.state,
            t.target,
            [TRANSITIONS[a].target for a in allowed_actions(v.state)],
        )
    now = utcnow()
    values: dict[str, Any] = {"state": t.target}
    if action == "submit":
        values["submitted_at"] = now
    elif action in ("approve", "reject"):
        values.update(reviewed_at=now, reviewed_by_id=principal.user_id, review_reason=reason)
    elif action == "release":
        values["released_at"] = now
    elif action == "withdraw":
        values.update(withdrawn_at=now, withdraw_reason=reason)
    result = session.execute(
        update(Version)
        .where(Version.id == v.id, Version.state == v.state)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        session.refresh(v)
        raise invalid_transition(
            "Version",
            f"{appid}@{version}",
            v.state,
            t.target,
            [TRANSITIONS[a].target for a in allowed_actions(v.state)],
        )
    audit.record(
        session,
        principal,
        f"version.{action}",
        "version",
        f"{appid}@{version}",
        org_id=mp.org_id,
        before={"state": v.state},
        after={"state": t.target, "reason": reason},
    )
    session.commit()
    session.refresh(v)
    return v


def review_view(
    session: Session, ctx: AppContext, principal: Principal, appid: str, version: str
) -> dict[str, Any]:
    """Everything a reviewer looks at for one version."""
    v = get_version(session, principal, appid, version)
    pkg_files = {name: info["size"] for name, info in v.manifest.get("files", {}).items()}
    new_files = _reviewable_files(ctx, v)
    base = session.scalar(
        select(Version)
        .where(
            Version.mini_program_id == v.mini_program_id,
            Version.state == "released",
            Version.id != v.id,
        )
        .order_by(Version.released_at.desc())
    )
    diff = None
    if base is not None:
        diff = {"against": base.version, **review.diff(_reviewable_files(ctx, base), new_files)}
    pkg_text = _package_files(ctx, v)
    return {
        "version": version_json(v),
        "manifest": v.manifest,
        "file_tree": review.file_tree(pkg_files),
        "source_tree": review.file_tree({n: len(d) for n, d in new_files.items()})
        if v.source_key
        else None,
        "diff": diff,
        "requested_domains": review.requested_domains(pkg_text),
        "allowed_domains": list(v.mini_program.allowed_domains or []),
        "requested_apis": review.requested_apis(pkg_text),
        "declared_permissions": review.declared_permissions(new_files),
        "findings": v.findings,
    }


def _package_files(ctx: AppContext, v: Version) -> dict[str, bytes]:
    pkg = read_package(ctx.storage.get(v.package_key))
    return {n: pkg.read(n) for n in pkg.names()}


def _reviewable_files(ctx: AppContext, v: Version) -> dict[str, bytes]:
    """The source files when the center built the package, else the package's files."""
    if v.source_key:
        try:
            return review.zip_files(ctx.storage.get(v.source_key))
        except (ApiError, zipfile.BadZipFile, OSError):
            log.exception("stored source %s unreadable", v.source_key)
    return _package_files(ctx, v)


def download(
    session: Session, ctx: AppContext, principal: Principal, appid: str, version: str, what: str
) -> tuple[bytes, str]:
    v = get_version(session, principal, appid, version)
    if what == "package":
        return ctx.storage.get(v.package_key), f"{appid}-{version}.mpk"
    if what == "source" and v.source_key:
        return ctx.storage.get(v.source_key), f"{appid}-{version}-source.zip"
    raise not_found("source", f"{appid}@{version}")
