"""Markup that is the same on every page in a language, rendered once per language.

    {% load constant_markup %}
    {% constant %}<p>{% translate "Photos" %} {% static 'css/site.css' %}</p>{% endconstant %}

The layout (templates/base.html) repeats on every page a head, a header and a footer
whose text depends on nothing but the interface language: translated words, links to
the site's own pages and static files. Rendering those tags again for every request was
about a third of the time Django's template engine spent on a talk page's layout. A
{% constant %} block is rendered the first time it is needed in each language (and URL
prefix) and its text reused by the process afterwards: it can only change with a new
deployment (new code, translations or static files), which starts new processes.

It is not a cache of data: the block may not read the template's context at all. Any
variable, block or tag argument that is not a literal is refused when the template is
compiled (TemplateSyntaxError), so nothing a page shows can be frozen by mistake.
"""

from django import template
from django.template.base import FilterExpression, Node, NodeList, Variable
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


def _expressions(node: Node):
    """Every FilterExpression a node holds, in any attribute (tags keep them as single
    values, lists or dicts: args, kwargs, filter_expression, path, ...)."""
    for value in vars(node).values():
        if isinstance(value, FilterExpression):
            yield value
        elif isinstance(value, list | tuple):
            yield from (item for item in value if isinstance(item, FilterExpression))
        elif isinstance(value, dict):
            yield from (item for item in value.values() if isinstance(item, FilterExpression))


def _reads_context(expression: FilterExpression) -> bool:
    values = [expression.var] + [arg for _, args in expression.filters for _, arg in args]
    return any(isinstance(value, Variable) and value.lookups is not None for value in values)


def _check_constant(nodelist: NodeList, token) -> None:
    for node in nodelist.get_nodes_by_type(Node):
        if isinstance(node, BlockNode) or any(map(_reads_context, _expressions(node))):
            raise template.TemplateSyntaxError(
                f"{{% constant %}} (line {token.lineno}) may only hold fixed markup: "
                f"{node.token.contents if node.token else type(node).__name__!r} reads the "
                "page's context."
            )
        if type(node).__name__ in {"VariableNode", "IfNode", "ForNode", "WithNode"}:
            # Values from the context, or conditions on them (kept in forms of their own).
            raise template.TemplateSyntaxError(
                f"{{% constant %}} (line {token.lineno}) may only hold fixed markup, "
                f"not {{% {node.token.contents} %}}."
            )


class ConstantNode(Node):
    def __init__(self, nodelist: NodeList):
        self.nodelist = nodelist
        self.rendered: dict[tuple[str, str], SafeString] = {}

    def render(self, context) -> SafeString:
        key = (get_language() or "", get_script_prefix())
        if key not in self.rendered:
            # An empty context (the same engine and settings): the block needs no values.
            text = self.nodelist.render(context.new())
            self.rendered[key] = mark_safe(text)  # noqa: S308 -- rendered by the engine
        return self.rendered[key]


@register.tag
def constant(parser, token):
    """{% constant %}fixed markup{% endconstant %}: rendered once per language; see the
    module's docstring."""
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    _check_constant(nodelist, token)
    return ConstantNode(nodelist)
