/** Seed apps for loyalty points, tiers, referrals and store credit. */
import { asks, sends } from '../fields.js';
import type { SeedApp, SeedTrigger } from '../types.js';

const tierChange = (direction: 'up' | 'down'): SeedTrigger => ({
  handle: `customer-moved-${direction}-a-tier`,
  name: `Customer moved ${direction} a tier`,
  description: direction === 'up' ? 'A customer reached a higher loyalty tier.' : 'A customer dropped to a lower loyalty tier.',
  fields: [sends.customer(), sends.email('Email', 'The customer’s email'), sends.text('Tier', 'The tier they are in now'), sends.text('Previous tier', 'The tier they left')],
});

const segmentMove = (segment: string, handle: string, description: string): SeedTrigger => ({
  handle,
  name: `Customer moved into ${segment}`,
  description,
  fields: [sends.customer(), sends.email('Email', 'The customer’s email'), sends.number('Points', 'Their points balance'), sends.text('Segment', `Always ${segment}`)],
});

export const LOYALTY_SEED_APPS: SeedApp[] = [
  {
    handle: 'conjured-referrals',
    name: 'Conjured Referrals',
    aliases: ['Conjured'],
    category: 'Loyalty and rewards',
    description: 'Referral program: customers share a link, friends get a discount, referrers get a reward.',
    triggers: [
      {
        handle: 'referral-completed',
        name: 'Referral completed',
        description: 'A referred friend placed their first order, so the referrer earned their reward.',
        fields: [sends.customer('The referrer'), sends.order('The friend’s order'), sends.email('Friend email', 'The referred friend’s email'), sends.text('Reward', 'What the referrer received, e.g. 10 off coupon')],
      },
      {
        handle: 'friend-signed-up',
        name: 'Friend signed up',
        description: 'A friend opened a referral link and claimed their discount.',
        fields: [sends.customer('The referrer'), sends.email('Friend email', 'The friend’s email')],
      },
    ],
    actions: [
      {
        handle: 'create-referral-link',
        name: 'Create referral link',
        description: 'Creates the customer’s personal referral link and emails it to them.',
        fields: [asks.customer()],
      },
    ],
    examples: [{ name: 'Tag customers who refer friends', description: 'When a referral is completed, add the customer tag referrer to the referrer.' }],
  },
  {
    handle: 'flits',
    name: 'Flits',
    category: 'Loyalty and rewards',
    description: 'Customer account pages with store credit, wishlists and recently viewed products.',
    triggers: [
      {
        handle: 'store-credit-changed',
        name: 'Store credit changed',
        description: 'Store credit was added to or spent from a customer’s account.',
        fields: [sends.customer(), sends.number('Amount', 'The change: positive when added, negative when spent'), sends.number('Balance', 'The balance after the change'), sends.text('Reason', 'Why it changed')],
      },
      {
        handle: 'wishlist-item-added',
        name: 'Wishlist item added',
        description: 'A customer added a product to their wishlist.',
        fields: [sends.customer(), sends.product()],
      },
    ],
    actions: [
      {
        handle: 'add-store-credit',
        name: 'Add store credit',
        description: 'Adds store credit to the customer’s account.',
        fields: [asks.customer(), asks.number('amount', 'Amount', 'In the shop’s currency.'), asks.text('comment', 'Comment', 'Shown to the customer in their account.', false)],
      },
    ],
    examples: [{ name: 'Store credit on the fifth order', description: 'When a customer’s fifth order is paid, add 10 of store credit to their account.' }],
  },
  {
    handle: 'growave',
    name: 'Growave',
    category: 'Loyalty and rewards',
    description: 'Loyalty points, reviews, wishlists and referrals in one app.',
    triggers: [
      {
        handle: 'review-created',
        name: 'Review created',
        description: 'A customer left a product review.',
        fields: [sends.customer(), sends.product(), sends.number('Rating', 'From 1 to 5'), sends.text('Title', 'The review’s title', false), sends.text('Body', 'The review text'), sends.flag('Has photos', 'Whether photos are attached')],
      },
      {
        handle: 'points-earned',
        name: 'Points earned',
        description: 'A customer earned loyalty points.',
        fields: [sends.customer(), sends.number('Points', 'Points earned'), sends.number('Balance', 'Points balance after'), sends.text('Activity', 'What earned them, e.g. Placed an order')],
      },
    ],
    actions: [
      {
        handle: 'add-points',
        name: 'Add points',
        description: 'Gives the customer loyalty points.',
        fields: [asks.customer(), asks.integer('points', 'Points', 'How many points.'), asks.text('reason', 'Reason', 'Shown in the customer’s history.', false)],
      },
    ],
    examples: [{ name: 'Extra points for photo reviews', description: 'When a review with photos is created, add 50 points to the reviewer.' }],
  },
  {
    handle: 'loyaltylion',
    name: 'LoyaltyLion',
    category: 'Loyalty and rewards',
    description: 'Loyalty and engagement: points, tiers, rewards and segments, with triggers for the moments that matter.',
    triggers: [
      tierChange('up'),
      tierChange('down'),
      {
        handle: 'birthday-in-seven-days',
        name: 'Customer birthday in 7 days',
        description: 'Sent by LoyaltyLion once a day for each customer whose birthday is a week away.',
        delivery: { kind: 'scheduled', schedule: 'Every day, for birthdays 7 days ahead' },
        fields: [sends.customer(), sends.email('Email', 'The customer’s email'), sends.text('Birthday', 'Day and month, e.g. 14 March')],
      },
      {
        handle: 'birthday-today',
        name: 'Customer birthday today',
        description: 'Sent by LoyaltyLion at 9 a.m. on the customer’s birthday (in the shop’s time zone).',
        delivery: { kind: 'scheduled', schedule: 'At 9 a.m. on the customer’s birthday' },
        fields: [sends.customer(), sends.email('Email', 'The customer’s email'), sends.text('Birthday', 'Day and month, e.g. 14 March')],
      },
      {
        handle: 'enough-points-for-reward',
        name: 'Enough points for reward',
        description: 'A customer’s balance reached the cost of a reward they have not claimed.',
        fields: [sends.customer(), sends.number('Points', 'Their points balance'), sends.text('Reward', 'The reward they can claim'), sends.number('Reward cost', 'Its cost in points')],
      },
      segmentMove('At Risk', 'moved-into-at-risk', 'A customer’s activity dropped enough for LoyaltyLion to count them at risk of leaving.'),
      segmentMove('Win Back', 'moved-into-win-back', 'A lapsed customer moved into the Win Back segment.'),
      segmentMove('Loyal', 'moved-into-loyal', 'A customer moved into the Loyal customers segment.'),
    ],
    actions: [
      {
        handle: 'add-points',
        name: 'Add points',
        description: 'Adds approved points to a customer.',
        fields: [asks.customer(), asks.integer('points', 'Points', 'How many points to add.'), asks.text('reason', 'Reason', 'Shown in the customer’s activity.', false)],
      },
      {
        handle: 'change-tier',
        name: 'Change tier',
        description: 'Moves a customer into a loyalty tier.',
        fields: [asks.customer(), asks.text('tier', 'Tier', 'The tier’s name.')],
      },
    ],
    examples: [
      { name: 'Convert guest shoppers into members', description: 'When a guest makes a purchase, email them that points are waiting if they create an account, and add bonus points when they do.' },
      { name: 'Surprise shoppers near their birthday', description: 'When a customer’s birthday is in 7 days, send them a birthday reward through your email tool.' },
      { name: 'Reactivate at-risk customers', description: 'When a customer moves into At Risk, add 200 points and let them know they have points to spend.' },
      { name: 'Celebrate tier upgrades', description: 'When a customer moves up a tier, tag them with the tier’s name for their next order’s packing slip.' },
    ],
  },
  {
    handle: 'rise-ai',
    name: 'Rise.ai',
    aliases: ['Rise'],
    category: 'Loyalty and rewards',
    description: 'Gift cards, store credit and reward campaigns that bring customers back.',
    triggers: [
      {
        handle: 'store-credit-issued',
        name: 'Store credit issued',
        description: 'Store credit or a reward gift card was issued to a customer.',
        fields: [sends.customer(), sends.number('Amount', 'The credit issued'), sends.text('Currency', 'e.g. USD'), sends.text('Reason', 'The campaign or reason'), sends.text('Expires at', 'ISO date, when it expires', false)],
      },
      {
        handle: 'gift-card-redeemed',
        name: 'Gift card redeemed',
        description: 'A Rise gift card or store credit was used on an order.',
        fields: [sends.order(), sends.customer('The customer', false), sends.number('Amount used', 'How much of the card was spent'), sends.number('Remaining balance', 'What is left on it')],
      },
    ],
    actions: [
      {
        handle: 'issue-store-credit',
        name: 'Issue store credit',
        description: 'Adds store credit to the customer’s Rise wallet and tells them by email.',
        fields: [
          asks.customer(),
          asks.number('amount', 'Amount', 'In the shop’s currency.'),
          asks.text('reason', 'Reason', 'Shown in the email and the customer’s history.', false),
          asks.integer('expires_in_days', 'Expires in days', 'Leave empty for credit that does not expire.', false),
        ],
      },
    ],
    examples: [
      { name: 'Refund as store credit', description: 'When an order is tagged refund-to-credit, issue its total as store credit instead of a card refund.' },
      { name: 'Reward first-time buyers', description: 'When a customer’s first order is paid, issue 5 of store credit that expires in 60 days.' },
    ],
  },
  {
    handle: 'rivo',
    name: 'Rivo',
    aliases: ['Rivo Loyalty'],
    category: 'Loyalty and rewards',
    description: 'Loyalty, VIP tiers and referrals, with store credit rewards.',
    triggers: [
      tierChange('up'),
      tierChange('down'),
      {
        handle: 'customer-birthday',
        name: 'Customer birthday',
        description: 'Sent by Rivo on the customer’s birthday, when Rivo knows it.',
        delivery: { kind: 'scheduled', schedule: 'On the customer’s birthday' },
        fields: [sends.customer(), sends.email('Email', 'The customer’s email')],
      },
      {
        handle: 'referral-completed',
        name: 'Referral completed',
        description: 'A referred friend completed a qualifying order.',
        fields: [sends.customer('The referrer'), sends.order('The friend’s order'), sends.email('Friend email', 'The friend’s email')],
      },
    ],
    actions: [
      {
        handle: 'add-points',
        name: 'Add points',
        description: 'Awards bonus points to a customer.',
        fields: [asks.customer(), asks.integer('points', 'Points', 'How many points.'), asks.text('reason', 'Reason', 'Shown in the customer’s history.', false)],
      },
      {
        handle: 'add-store-credit',
        name: 'Add store credit',
        description: 'Awards store credit to a customer.',
        fields: [asks.customer(), asks.number('amount', 'Amount', 'In the shop’s currency.'), asks.text('reason', 'Reason', 'Shown in the customer’s history.', false)],
      },
    ],
    examples: [{ name: 'Birthday store credit', description: 'On a customer’s birthday, add 10 of store credit to their account.' }],
  },
  {
    handle: 'smile-io',
    name: 'Smile.io',
    aliases: ['Smile'],
    category: 'Loyalty and rewards',
    description: 'Points, referrals and VIP tiers. Workflows award points for anything Switchboard can see with Smile activities.',
    triggers: [
      {
        handle: 'points-earned',
        name: 'Points earned',
        description: 'A customer earned points.',
        fields: [sends.customer(), sends.number('Points', 'Points earned'), sends.number('Balance', 'Balance after'), sends.text('Activity', 'What earned them')],
      },
      {
        handle: 'vip-tier-changed',
        name: 'VIP tier changed',
        description: 'A customer entered a different VIP tier.',
        fields: [sends.customer(), sends.text('Tier', 'The new tier'), sends.text('Previous tier', 'The former tier', false)],
      },
      {
        handle: 'reward-redeemed',
        name: 'Reward redeemed',
        description: 'A customer spent points on a reward.',
        fields: [sends.customer(), sends.text('Reward', 'The reward’s name'), sends.number('Points spent', 'Its cost'), sends.text('Discount code', 'The code issued', false)],
      },
    ],
    actions: [
      {
        handle: 'send-smile-activity',
        name: 'Send Smile activity',
        description: 'Records an activity of a type you created in Smile (Settings > Platform), which awards its points.',
        fields: [asks.text('activity_type', 'Activity type code', 'The code Smile shows for your Flow action.'), asks.customer('The customer', false), asks.order('The order the activity is for', false)],
      },
    ],
    examples: [
      { name: 'Bonus points on the fifth order', description: 'When an order is paid and it is the customer’s fifth, send a Smile activity that awards 250 points.' },
      { name: 'Points for high-value orders', description: 'When an order over 200 is paid, send a Smile activity that awards bonus points.' },
      { name: 'Tag customers by VIP tier', description: 'When a customer’s VIP tier changes, tag them with the tier so staff see it on orders.' },
    ],
  },
  {
    handle: 'swell',
    name: 'Swell',
    aliases: ['Swell Rewards', 'Yotpo Loyalty'],
    category: 'Loyalty and rewards',
    description: 'Loyalty and referrals: points for purchases and actions, VIP tiers and rewards.',
    triggers: [
      {
        handle: 'vip-tier-changed',
        name: 'VIP tier changed',
        description: 'A customer moved to another VIP tier.',
        fields: [sends.customer(), sends.text('Tier', 'The new tier'), sends.text('Previous tier', 'The former tier', false)],
      },
      {
        handle: 'reward-redeemed',
        name: 'Reward redeemed',
        description: 'A customer redeemed points for a reward.',
        fields: [sends.customer(), sends.text('Reward', 'The reward’s name'), sends.number('Points spent', 'Its cost'), sends.text('Discount code', 'The code issued')],
      },
    ],
    actions: [
      {
        handle: 'award-points',
        name: 'Award points',
        description: 'Awards points to the customer for a custom action.',
        fields: [asks.customer(), asks.integer('points', 'Points', 'How many points.'), asks.text('reason', 'Reason', 'Shown in the customer’s history.', false)],
      },
    ],
    examples: [{ name: 'Tag Gold members', description: 'When a customer reaches the Gold tier, add the customer tag gold.' }],
  },
];
