"""Public pages of the Beijing Declaration's commitments and the Key Features."""
from flask import abort, render_template
from markupsafe import Markup

from portal.framework import labels, queries
from portal.framework.blueprint import bp
from portal.framework.fragments import reference
from portal.i18n import current_language
from portal.monitoring import queries as monitoring
from portal.practices import queries as practices

bp.app_context_processor(labels.template_helpers)


@bp.get("/commitments")
def commitments():
    listed = reference.rendered(("commitments", current_language()), lambda: render_template(
        "framework/_commitment_list.html", declaration=queries.declaration(),
        commitments=queries.all_commitments()))
    return render_template("framework/commitments.html", listed=Markup(listed))


@bp.get("/commitments/<int:number>")
def commitment(number):
    found = queries.commitment_by_number(number) or abort(404)
    return render_template("framework/commitment.html", commitment=found,
                           neighbours=queries.neighbours(number),
                           practices=practices.published_for_commitment(found))


@bp.get("/key-features")
def key_features():
    tree = reference.rendered(("key-features", current_language()), lambda: render_template(
        "framework/_key_feature_tree.html", areas=queries.key_feature_tree()))
    return render_template("framework/key_features.html", tree=Markup(tree))


@bp.get("/key-features/<code>")
def key_feature(code):
    feature = queries.key_feature_by_code(code) or abort(404)
    return render_template("framework/key_feature.html", feature=feature,
                           practices=practices.published_for_key_feature(feature),
                           reported=monitoring.reported_counts([p.id for p in feature.measurement_points]))
