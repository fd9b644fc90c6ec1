"""PyYAML's safe loader with our rules: no aliases, no tags, no duplicate or non-text keys.

Built on the C parser when libyaml is available and on the pure-Python one otherwise, with the
same rules either way. Imported only when YAML is really parsed (see `loader.py`).
"""

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.resolver import Resolver

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class LoadRefused(yaml.MarkedYAMLError):
    """A rule of ours, not YAML's, was broken; carries a message key for translation."""

    def __init__(self, code: str, mark: Any, **params: Any) -> None:
        super().__init__(problem=code, problem_mark=mark)
        self.code = code
        self.params = params


class StrictConstructor(SafeConstructor):
    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise LoadRefused("yaml.alias", node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            raise LoadRefused("yaml.tag", node.start_mark, tag=node.tag)
        return super().construct_object(node, deep)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        # No merge keys (`<<`): they only work with aliases, which are refused.
        mapping: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                raise LoadRefused("yaml.key_not_text", key_node.start_mark)
            key = key_node.value
            if key in mapping:
                raise LoadRefused("yaml.duplicate_key", key_node.start_mark, key=key, first=first_line[key])
            first_line[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser as _Parser

    class StrictLoader(_Parser, StrictConstructor, Resolver):
        def __init__(self, stream: Any) -> None:
            _Parser.__init__(self, stream)
            StrictConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - exercised only where libyaml is missing
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class StrictLoader(Reader, Scanner, Parser, Composer, StrictConstructor, Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: Any) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            StrictConstructor.__init__(self)
            Resolver.__init__(self)
