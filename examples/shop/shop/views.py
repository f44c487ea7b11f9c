import json
import logging

from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

logger = logging.getLogger(__name__)
audit_logger = logging.getLogger("shop.audit")


@require_GET
def index(request):
    logger.info("index requested")
    return JsonResponse({"service": "shop", "status": "ok"})


@require_POST
def checkout(request):
    # TODO(shop-eng): drop this before the next release -- the raw body
    # contains card numbers and customer addresses.
    logger.debug("checkout payload: %s", request.body)
    try:
        payload = json.loads(request.body)
    except ValueError:
        logger.warning("checkout rejected: malformed JSON")
        return HttpResponseBadRequest("malformed JSON")

    order_id = payload.get("order_id")
    user_id = getattr(request.user, "pk", None)
    audit_logger.info(
        "user=%s action=checkout order=%s ip=%s",
        user_id,
        order_id,
        request.META.get("REMOTE_ADDR"),
    )
    logger.info("checkout ok order=%s", order_id)
    return JsonResponse({"order_id": order_id, "status": "accepted"})
