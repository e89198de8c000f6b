"""Files a web app received for a job (an import), kept in the database until
the job ends, so a worker on another machine can read them (revision 0010).
Uploads older than a day are dropped when the next one is stored."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Engine, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from fleetplan.store.scoped import OrgOwned, run
from fleetplan.store.tables import Base

KEEP = timedelta(days=1)


class JobUploadRow(OrgOwned, Base):
    __tablename__ = "job_uploads"

    upload_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)


def save_upload(engine: Engine, name: str, data: bytes) -> str:
    upload_id = uuid.uuid4().hex
    now = datetime.now()
    with engine.begin() as connection:
        run(
            connection, delete(JobUploadRow).where(JobUploadRow.created_at < now - KEEP)
        )
        connection.execute(
            JobUploadRow.__table__.insert().values(
                upload_id=upload_id, name=name[:255], data=data, created_at=now
            )
        )
    return upload_id


def load_upload(engine: Engine, upload_id: str) -> tuple[str, bytes] | None:
    """The file's name and bytes, or None when it is gone."""
    with engine.connect() as connection:
        row = run(
            connection,
            select(JobUploadRow.name, JobUploadRow.data).where(
                JobUploadRow.upload_id == upload_id
            ),
        ).first()
    return None if row is None else (str(row[0]), bytes(row[1]))


def delete_upload(engine: Engine, upload_id: str) -> None:
    with engine.begin() as connection:
        run(connection, delete(JobUploadRow).where(JobUploadRow.upload_id == upload_id))
