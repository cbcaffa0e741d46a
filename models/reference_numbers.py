"""Numbers that the network's reference documents fix, for every layer that checks or shows them.

They are constants, not data: the Beijing Declaration has twelve commitments, numbered 1 to 12,
and this will not change without a new declaration — at which point columns, search facets and
forms change too, so a code change is what it should take. What the commitments *say* (their
titles, summaries and actions, in English and Chinese) is data, loaded from `data/` by
`flask load-reference`, because it is text that is edited and translated. The year bounds are
the range of years the portal accepts anywhere a person writes one (a practice's start year, an
adoption's year, a search facet, a database CHECK constraint).
"""
YEAR_MIN = 1900
YEAR_MAX = 2100

COMMITMENT_NUMBERS = range(1, 13)      # the 12 commitments of the Beijing Declaration
COMMITMENT_COUNT = len(COMMITMENT_NUMBERS)
FIRST_COMMITMENT, LAST_COMMITMENT = COMMITMENT_NUMBERS[0], COMMITMENT_NUMBERS[-1]
