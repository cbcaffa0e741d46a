"""Where to draw the transfer graph (who learned from whom): the cities on a circle, grouped
by UNESCO region, and one arrow per pair of cities, from the city whose practice was taken up
to the city that took it up. Drawn as inline SVG by the template; no script, no other host."""
import math
from dataclasses import dataclass, field

SIZE = 640          # the drawing is SIZE × SIZE (user units); it scales with the page
NODE_RADIUS = 7
HIT_RADIUS = 13     # the disc to tap around a node: 26 units, drawn at no less than 1 px each
LABEL_GAP = 14


@dataclass
class Node:
    city: object
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str     # text-anchor of the label: start (right half), end (left half)


@dataclass
class Edge:
    source: Node
    target: Node
    adoptions: list = field(default_factory=list)
    x1: float = 0
    y1: float = 0
    x2: float = 0
    y2: float = 0


def layout(adoptions):
    """(nodes, edges) for a list of adoptions (each with .city and .practice.city)."""
    cities = {}
    for adoption in adoptions:
        for city in (adoption.practice.city, adoption.city):
            cities[city.id] = city
    ordered = sorted(cities.values(), key=lambda c: (c.member_state.region_id, c.name_en))
    centre, radius = SIZE / 2, SIZE / 2 - 120
    nodes = {}
    for n, city in enumerate(ordered):
        angle = 2 * math.pi * n / max(len(ordered), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        label = radius + LABEL_GAP
        nodes[city.id] = Node(city, x, y, centre + label * math.cos(angle), centre + label * math.sin(angle) + 4,
                              "start" if math.cos(angle) >= -1e-9 else "end")
    edges = {}
    for adoption in adoptions:
        key = (adoption.practice.city_id, adoption.city_id)
        if key not in edges:
            edges[key] = Edge(nodes[key[0]], nodes[key[1]])
        edges[key].adoptions.append(adoption)
    for edge in edges.values():
        _shorten(edge)
    return list(nodes.values()), list(edges.values())


def _shorten(edge):
    """Stop the line at the nodes' edges, so the arrowhead shows."""
    dx, dy = edge.target.x - edge.source.x, edge.target.y - edge.source.y
    length = math.hypot(dx, dy) or 1
    ux, uy = dx / length, dy / length
    edge.x1, edge.y1 = edge.source.x + ux * NODE_RADIUS, edge.source.y + uy * NODE_RADIUS
    edge.x2, edge.y2 = edge.target.x - ux * (NODE_RADIUS + 4), edge.target.y - uy * (NODE_RADIUS + 4)
