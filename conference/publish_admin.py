"""Publishing an edition as organisers mean it: with its talks and its galleries.

An import leaves an edition's talks as drafts; publishing only the edition would show the
public an edition page with no programme. So the edition admin's "Publish" (its action,
the button on its change form, the import report's offer) leads to one confirmation page
that counts what the edition holds and offers, ticked, to publish its unpublished talks
and galleries too (conference.services.publish_editions does it in one transaction).
Only who may change talks or galleries is offered them. "Unpublish" shows what the public
loses with the edition and offers nothing more: talks and galleries keep their own state,
so publishing the edition again brings back exactly what was public.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from conference.publication import EditionContents, edition_contents
from conference.services import Publication, publish_editions, set_editions_published

TALK_PERMISSION = "talks.change_talk"
GALLERY_PERMISSION = "photos.change_gallery"


class PublishEditionsForm(forms.Form):
    """The choices of the confirmation page: also publish the talks, the galleries.

    A choice is offered only when there is something to publish and the user may publish
    it; `refused` names what they may not (the page says so, a forged post is refused)."""

    talks = forms.BooleanField(required=False, initial=True)
    galleries = forms.BooleanField(required=False, initial=True)

    # Each choice's label, with the count of what it publishes.
    LABELS = {
        "talks": ngettext_lazy(
            "Also publish its %(count)d unpublished talk",
            "Also publish its %(count)d unpublished talks",
            "count",
        ),
        "galleries": ngettext_lazy(
            "Also publish its %(count)d unpublished gallery",
            "Also publish its %(count)d unpublished galleries",
            "count",
        ),
    }

    def __init__(self, *args, contents: list[EditionContents], user, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)  # a checkbox's label needs no ":"
        self.unpublished = {
            "talks": sum(item.talks_unpublished for item in contents),
            "galleries": sum(item.galleries_unpublished for item in contents),
        }
        self.refused = []
        for name, permission in (("talks", TALK_PERMISSION), ("galleries", GALLERY_PERMISSION)):
            count = self.unpublished[name]
            if count and not user.has_perm(permission):
                self.refused.append(name)
            if not count or not user.has_perm(permission):
                del self.fields[name]
            else:
                self.fields[name].label = self.LABELS[name] % {"count": count}

    def clean(self):
        data = super().clean()
        if any(name in self.data for name in self.refused):
            raise PermissionDenied
        return data


def counted(message: str, count: int) -> str:
    """`message`, an ngettext(..., count) with %(count)d, filled in."""
    return message % {"count": count}


def publication_message(done: Publication) -> str:
    """ "Published: 1 edition, 126 talks, 4 galleries." (or that nothing needed it)."""
    return done.message()


class PublishEditionsMixin:
    """The edition admin's publish and unpublish actions with their confirmation pages,
    and <id>/publish/, the same page for one edition (the change form's button and the
    import report link to it). The admin sets `confirmation_page` (a callable such as
    conference.admin.action_confirmation) to render them."""

    publish_template = "admin/conference/edition/publish.html"
    unpublish_template = "admin/conference/edition/unpublish.html"
    confirmation_page = None

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_publish"
        view = self.admin_site.admin_view(self.publish_view)
        return [path("<path:object_id>/publish/", view, name=name), *super().get_urls()]

    @admin.action(
        permissions=("change",), description=_("Publish selected %(verbose_name_plural)s")
    )
    def publish_selected(self, request, queryset):
        return self.publish_flow(request, [edition.pk for edition in queryset], action=True)

    @admin.action(
        permissions=("change",), description=_("Unpublish selected %(verbose_name_plural)s")
    )
    def unpublish_selected(self, request, queryset):
        contents = edition_contents(edition.pk for edition in queryset)
        if "post" not in request.POST:
            title = gettext("Unpublish %(items)s") % {"items": self.opts.verbose_name_plural}
            return self.confirmation(request, self.unpublish_template, title, contents, None)
        count = set_editions_published(
            editions=[item.edition for item in contents], is_published=False
        )
        message = counted(
            ngettext(
                "%(count)d edition was unpublished.", "%(count)d editions were unpublished.", count
            ),
            count,
        )
        self.message_user(request, message, messages.SUCCESS)
        return None

    def publish_view(self, request, object_id):
        edition = self.get_object(request, object_id)
        if edition is None:
            raise Http404(gettext("No such edition."))
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        response = self.publish_flow(request, [edition.pk], action=False)
        if response is None:
            change = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[edition.pk]
            )
            return HttpResponseRedirect(change)
        return response

    def publish_flow(self, request, ids: list[int], *, action: bool):
        """The confirmation page, or, once confirmed, publish and return None (the caller
        redirects). A posted action is confirmed by its "post" field, the page of one
        edition by being posted."""
        contents = edition_contents(ids)
        confirmed = ("post" in request.POST) if action else request.method == "POST"
        form = PublishEditionsForm(
            request.POST if confirmed else None, contents=contents, user=request.user
        )
        if not form.is_valid():
            names = ", ".join(str(item.edition) for item in contents)
            title = gettext("Publish %(names)s") % {"names": names}
            return self.confirmation(request, self.publish_template, title, contents, form)
        done = publish_editions(
            editions=[item.edition for item in contents],
            talks=form.cleaned_data.get("talks", False),
            galleries=form.cleaned_data.get("galleries", False),
        )
        self.message_user(request, publication_message(done), messages.SUCCESS)
        left = form.unpublished["talks"] - done.talks
        if left:
            message = counted(
                ngettext(
                    "%(count)d talk stays unpublished: the edition's page says its programme "
                    "is not published yet.",
                    "%(count)d talks stay unpublished: the edition's page says its programme "
                    "is not published yet.",
                    left,
                ),
                left,
            )
            self.message_user(request, message, messages.WARNING)
        return None

    def confirmation(self, request, template, title, contents, form):
        return self.confirmation_page(
            request,
            template,
            title=title,
            action_name="publish_selected" if form is not None else "unpublish_selected",
            selected=[item.edition for item in contents],
            form=form,
            contents=contents,
        )

    def edition_published_message(self, request, edition) -> None:
        """After the change form published `edition`: say what of it is still hidden, with
        the way to publish it (the form's checkbox publishes the edition alone)."""
        contents = edition_contents([edition.pk])[0]
        if not (contents.talks_unpublished or contents.galleries_unpublished):
            return
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_publish", args=[edition.pk]
        )
        text = gettext(
            "“%(name)s” is public, but %(talks)s and %(galleries)s of it are not yet."
        ) % {
            "name": edition,
            "talks": counted(
                ngettext("%(count)d talk", "%(count)d talks", contents.talks_unpublished),
                contents.talks_unpublished,
            ),
            "galleries": counted(
                ngettext(
                    "%(count)d gallery", "%(count)d galleries", contents.galleries_unpublished
                ),
                contents.galleries_unpublished,
            ),
        }
        link = gettext("Publish them too")
        self.message_user(
            request, format_html('{} <a href="{}">{}</a>', text, url, link), messages.WARNING
        )
