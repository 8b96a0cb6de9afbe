/** The slip reasons in the rep's words (shared with the bot's cards: one list, in the domain). */
export { SLIP_CHOICES } from '../../../../functions/src/domain/slip-choices';
