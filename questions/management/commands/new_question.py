from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from questions.cards import DIFFICULTIES, is_slug
from questions.loader import load_bank

SKELETON = """\
---
title: {title}
tags: [{tags}]
difficulty: {difficulty}
---

Optional context shown with the question: a snippet to read, a table, a
scenario. Delete this paragraph if the title says everything.

## Answer

**Short answer:** the two or three sentences a strong candidate would say first.

### Detail

Explain the reasoning, with a code block or a table where it helps:

```python
def example() -> None:
    pass
```
"""


class Command(BaseCommand):
    help = "Write a new card skeleton with a unique id and print its path."

    def add_arguments(self, parser):
        parser.add_argument("topic", help="Topic folder inside content/, e.g. python/fastapi")
        parser.add_argument("title", help="The question, e.g. 'What does Depends do?'")
        parser.add_argument("--difficulty", choices=DIFFICULTIES, default="medium")
        parser.add_argument("--tags", default="", help="Comma-separated tags, e.g. fastapi,asyncio")

    def handle(self, *args, topic: str, title: str, difficulty: str, tags: str, **options):
        topic = topic.strip("/")
        if not topic or not all(is_slug(part) for part in topic.split("/")):
            raise CommandError(f"topic '{topic}' must be a folder path of lowercase slugs, e.g. python/fastapi")
        title = " ".join(title.split())
        if not title:
            raise CommandError("the title must not be empty")
        tag_list = [tag.strip() for tag in tags.split(",") if tag.strip()]
        if bad := [tag for tag in tag_list if not is_slug(tag)]:
            raise CommandError(f"tags must be lowercase slugs: {', '.join(bad)}")

        content_dir = settings.QUESTIONBANK_CONTENT_DIR
        path = content_dir / topic / f"{self._unique_id(content_dir, title)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            SKELETON.format(title=_yaml_text(title), tags=", ".join(tag_list), difficulty=difficulty),
            encoding="utf-8",
        )
        self.stdout.write(str(path))

    def _unique_id(self, content_dir, title: str) -> str:
        base = slugify(title)[:80].strip("-") or "question"
        bank = load_bank(content_dir)
        taken = {item.card.id for item in bank.files} | {a for item in bank.files for a in item.card.aliases}
        taken |= {path.stem for path in content_dir.rglob("*.md")}
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate


def _yaml_text(text: str) -> str:
    """Quote the title so a colon or a leading symbol cannot change its YAML meaning."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
