"""The layout's own tags: {% constant %} blocks and {% language_links %}."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

LOAD = "{% load i18n static site_links constant_markup %}"


def render(text: str, **values) -> str:
    return Template(LOAD + text).render(Context(values))


def test_a_constant_block_is_rendered_once_per_language():
    template = Template(LOAD + '{% constant %}<a href="{% page_url "conference:home" %}">'
                        '{% translate "Home" %}</a>{% endconstant %}')  # fmt: skip
    node = next(n for n in template.nodelist if type(n).__name__ == "ConstantNode")

    with translation.override("en"):
        english = template.render(Context())
        assert template.render(Context()) == english == '<a href="/">Home</a>'
    with translation.override("ru"):
        russian = template.render(Context())

    assert russian == '<a href="/">Главная</a>'
    assert len(node.rendered) == 2  # one rendering per language, reused afterwards


@pytest.mark.parametrize(
    "body",
    [
        "{{ talk.title }}",
        "{% if user %}x{% endif %}",
        "{% for x in items %}{{ x }}{% endfor %}",
        "{% page_url 'talks:speaker-detail' slug=speaker.slug %}",
        '{% translate "Home" as home %}{% static path %}',
        "{% with a=b %}{% endwith %}",
        "{% block title %}{% endblock %}",
        '{{ "literal"|default:value }}',
    ],
)
def test_a_constant_block_may_not_read_the_context(body):
    with pytest.raises(TemplateSyntaxError, match="constant"):
        Template(LOAD + "{% constant %}" + body + "{% endconstant %}")


def test_a_constant_block_renders_as_its_body_would():
    body = '<a title="{% translate "A & B" %}">{% translate "Home" %}</a>{% static "x.css" %}'
    assert render("{% constant %}" + body + "{% endconstant %}") == render(body)


def test_language_links_point_back_to_this_page_quoted():
    request = RequestFactory().get("/search/", {"q": '"><script>alert(1)</script>', "page": 2})
    with translation.override("ru"):
        html = render("{% language_links %}", request=request)

    # The query as the urlencode filter quoted it in the template this tag replaced.
    back = render("{{ request.get_full_path|urlencode }}", request=request)
    assert "<script>" not in html
    assert f'href="/language/en/?next={back}"' in html
    assert 'lang="ru" hreflang="ru" rel="nofollow" aria-current="true">Русский</a>' in html
    assert 'lang="en" hreflang="en" rel="nofollow">English</a>' in html
