"""The commitment's practice checklist reads without colour and fits at 80 columns; the palette's
Keys lists reflect's own keys for the screen you are on, and Escape closes it; the footer shows the
keys of the moment and is rebuilt only when they change."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from reflect.tui.dialogs.keys import KeysDialog
from reflect.tui.flow.closing import PracticeChoices
from reflect.tui.patterns import PatternsScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.settle import settled
from tests.helpers.app import seed_demo, wait_for_store


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # noqa: SLF001


async def reach_closing(pilot) -> PracticeChoices:  # type: ignore[no-untyped-def]
    await wait_for_store(pilot)
    await pilot.press("n", "enter", *"yypnxyypyy")
    await settled(pilot)
    return pilot.app.screen.query_one(PracticeChoices)


async def test_ticked_and_unticked_practices_differ_in_shape_not_only_colour(make_app, db_path) -> None:
    seed_demo(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        choices = await reach_closing(pilot)
        choices.select(choices.get_option_at_index(1).value)
        await settled(pilot)
        unticked, ticked = (choices.render_line(row).text for row in (0, 1))
        # The label after the box is different; the box itself must be too.
        assert unticked[:3] != ticked[:3], (unticked, ticked)
        assert unticked[:3].strip("▐▌ ") == ""


async def test_the_checklist_label_is_not_cut_at_80_columns(make_app, db_path) -> None:
    seed_demo(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        choices = await reach_closing(pilot)
        choices.scroll_visible(animate=False)
        await settled(pilot)
        from textual.widgets import Label

        (label,) = [label for label in pilot.app.screen.query(Label) if str(label.render()).startswith("Which practices")]
        words = str(label.render())
        assert label.size.width * label.size.height >= len(words)
        assert label.region.right <= 80
        assert words.rstrip().endswith(")")
        assert words.rstrip()[-10:] in " ".join(screen_text(pilot.app).split())


async def open_keys(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await settled(pilot)
    await pilot.press(*"Keys")
    await settled(pilot)
    await pilot.press("enter")
    await settled(pilot)


async def test_the_palettes_keys_lists_reflects_own_keys_and_escape_closes_it(make_app, db_path) -> None:
    seed_demo(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_keys(pilot)
        shown = screen_text(pilot.app)
        assert "New reflection" in shown and "History" in shown and "Patterns" in shown
        assert not pilot.app.screen.query("HelpPanel") and not pilot.app.query("HelpPanel")
        assert isinstance(pilot.app.screen, KeysDialog)
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(pilot.app.screen, HomeScreen) and not pilot.app.screen.query("HelpPanel")


async def test_the_keys_are_those_of_the_screen_you_are_on(make_app, db_path) -> None:
    seed_demo(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t")
        await settled(pilot)
        await open_keys(pilot)
        shown = screen_text(pilot.app)
        assert isinstance(pilot.app.screen, KeysDialog)
        assert "Next section" in shown and "4 weeks" in shown and "Previous section" in shown
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(pilot.app.screen, PatternsScreen) and not pilot.app.screen.query("HelpPanel")


def footer_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(key.description) for key in app.screen.query(FooterKey)]


async def test_the_footer_follows_the_keys_of_the_moment_and_is_not_rebuilt_while_they_stay_the_same(make_app) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter")
        await settled(pilot)
        on_a_question = list(pilot.app.screen.query(FooterKey))
        assert footer_keys(pilot.app) == ["Save", "Close", "Back", "Next", "Why?", "palette"]
        # Answering and moving between questions moves the focus each time; the keys stay the same,
        # and so does the footer: rebuilding it at every key was most of the work of a key press.
        await pilot.press("y", "pagedown", "pageup", "p")
        await settled(pilot)
        assert list(pilot.app.screen.query(FooterKey)) == on_a_question
        # In a note "Why?" is no key (the letters are the note's), and the footer says so.
        await pilot.press("tab")
        await settled(pilot)
        assert footer_keys(pilot.app) == ["Back", "Next", "Save", "Close", "palette"]
        await pilot.press("escape")
        await settled(pilot)
        assert footer_keys(pilot.app) == ["Save", "Close", "Back", "Next", "Why?", "palette"]


async def test_opening_a_screen_builds_its_footer_once(make_app, db_path, monkeypatch) -> None:
    from tests.helpers.app import seed_demo

    seed_demo(db_path)
    made: list[FooterKey] = []
    real = FooterKey.__init__

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(self)
        real(self, *args, **kwargs)

    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await settled(pilot)
        monkeypatch.setattr(FooterKey, "__init__", counted)
        # The keys change twice as Patterns opens (its sections' keys come with its figures).
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(pilot.app.screen, PatternsScreen)
        shown = list(pilot.app.screen.query(FooterKey))
        assert "Next section" in footer_keys(pilot.app)
        assert len(made) == len(shown), f"{len(made)} footer keys made for {len(shown)} shown"
