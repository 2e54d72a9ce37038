/** Seed apps for product reviews, user-generated content and surveys. */
import { asks, sends } from '../fields.js';
import type { SeedField } from '../types.js';
import type { SeedApp } from '../types.js';

/** What a review trigger sends: who wrote it, about what, and what they said. */
const review = (extra: SeedField[] = []): SeedField[] => [
  sends.customer('The reviewer, when they are a Shopify customer', false),
  sends.product('The product reviewed'),
  sends.number('Rating', 'Stars, from 1 to 5'),
  sends.text('Review title', 'The review’s title', false),
  sends.text('Review text', 'What the customer wrote'),
  sends.email('Customer email', 'The reviewer’s email'),
  sends.text('Customer name', 'The name shown with the review'),
  ...extra,
];

export const REVIEW_SEED_APPS: SeedApp[] = [
  {
    handle: 'betterreviews',
    name: 'BetterReviews',
    category: 'Reviews',
    description: 'Product reviews with auto-moderation; a review starts workflows once it is approved and published.',
    triggers: [
      {
        handle: 'review-created',
        name: 'Review created',
        description: 'A review was approved and published (by auto-moderation or by hand). Fires at most once per review; imported reviews do not fire it.',
        fields: review([sends.flag('Verified buyer', 'Whether the reviewer bought the product'), sends.number('Quality score', 'BetterReviews’ score of the review, 0 to 10')]),
      },
    ],
    actions: [],
    examples: [
      { name: 'Alert the team on low ratings', description: 'When a review with fewer than 3 stars is created, send an internal email to customer care.' },
      { name: 'Spotlight verified 5-star reviewers', description: 'When a verified buyer leaves 5 stars, add the customer tag review-advocate.' },
    ],
  },
  {
    handle: 'covet-pics',
    name: 'Covet.pics',
    aliases: ['Covet'],
    category: 'Reviews',
    description: 'Shoppable Instagram galleries and customer photos.',
    triggers: [
      {
        handle: 'customer-photo-submitted',
        name: 'Customer photo submitted',
        description: 'A customer uploaded a photo, or was tagged in an Instagram post you collected.',
        fields: [sends.customer('The customer, when known', false), sends.product('The product in the photo', false), sends.url('Image URL', 'The photo'), sends.text('Caption', 'The photo’s caption', false), sends.text('Source', 'upload or instagram')],
      },
      {
        handle: 'gallery-purchase',
        name: 'Gallery purchase',
        description: 'An order included a product bought from a gallery.',
        fields: [sends.order(), sends.text('Gallery', 'The gallery’s name'), sends.url('Photo URL', 'The photo that was clicked')],
      },
    ],
    actions: [
      {
        handle: 'request-customer-photo',
        name: 'Request customer photo',
        description: 'Emails the customer asking for a photo of their purchase.',
        fields: [asks.order(), asks.longText('message', 'Message', 'Replaces the default request text.', false)],
      },
    ],
    examples: [{ name: 'Ask for photos after delivery', description: 'When an order is fulfilled, wait, then request a customer photo.' }],
  },
  {
    handle: 'loox',
    name: 'Loox',
    category: 'Reviews',
    description: 'Photo and video reviews, review requests and referrals.',
    triggers: [
      {
        handle: 'review-created',
        name: 'Review created',
        description: 'A customer left a review.',
        fields: review([sends.url('Photo URL', 'The first photo or video, when there is one', false), sends.flag('Verified purchase', 'Whether Loox matched the review to an order')]),
      },
      {
        handle: 'referral-reward-issued',
        name: 'Referral reward issued',
        description: 'A customer’s referral earned them a reward.',
        fields: [sends.customer(), sends.text('Discount code', 'The reward code'), sends.email('Friend email', 'The referred friend')],
      },
    ],
    actions: [
      {
        handle: 'send-review-request',
        name: 'Send review request',
        description: 'Schedules Loox’s review request email for the order.',
        fields: [asks.order(), asks.integer('delay_days', 'Delay in days', 'Days to wait before sending; the default delay when empty.', false)],
      },
    ],
    examples: [
      { name: 'Tag happy reviewers', description: 'When a 5-star review is created, add the customer tag loox-5-star.' },
      { name: 'Follow up on low ratings', description: 'When a review of 2 stars or fewer is created, email customer care with the review text and the customer’s email.' },
    ],
  },
  {
    handle: 'perkstack',
    name: 'PerkStack',
    category: 'Reviews',
    description: 'Loyalty and reviews in one app: review events start workflows and workflows manage reviews.',
    triggers: [
      { handle: 'review-submitted', name: 'Review submitted', description: 'Any customer submitted a new review.', fields: review([sends.flag('Verified purchase', 'A verified buyer'), sends.flag('Has photos', 'Photos are attached')]) },
      { handle: 'negative-review-submitted', name: 'Negative review submitted', description: 'A review rated 2 stars or fewer came in.', fields: review([sends.flag('Verified purchase', 'A verified buyer'), sends.flag('Has photos', 'Photos are attached')]) },
    ],
    actions: [
      {
        handle: 'send-review-request',
        name: 'Send review request',
        description: 'Asks a customer to review a product they bought.',
        fields: [asks.customer(), asks.product()],
      },
      {
        handle: 'approve-review',
        name: 'Approve review',
        description: 'Publishes a review on your storefront.',
        fields: [asks.text('review_id', 'Review ID', 'The review to publish.')],
      },
    ],
    examples: [{ name: 'Route negative reviews', description: 'When a negative review is submitted, tag the customer needs-follow-up and email support.' }],
  },
  {
    handle: 'reviews-io',
    name: 'REVIEWS.io',
    aliases: ['Reviews.co.uk'],
    category: 'Reviews',
    description: 'Company and product reviews, with review invitations after purchase.',
    triggers: [
      { handle: 'product-review-created', name: 'Product review created', description: 'A customer reviewed a product.', fields: review() },
      {
        handle: 'company-review-created',
        name: 'Company review created',
        description: 'A customer reviewed your store.',
        fields: [sends.customer('The reviewer, when known', false), sends.order('The order reviewed, when known', false), sends.number('Rating', 'From 1 to 5'), sends.text('Review text', 'What they wrote'), sends.email('Customer email', 'The reviewer’s email')],
      },
    ],
    actions: [
      {
        handle: 'send-review-invitation',
        name: 'Send review invitation',
        description: 'Queues a review invitation for the order’s customer.',
        fields: [asks.order(), asks.text('template', 'Invitation template', 'The template’s name; the default when empty.', false)],
      },
    ],
    examples: [{ name: 'Send negative store reviews to support', description: 'When a company review of 3 stars or fewer is created, open a support ticket with the review.' }],
  },
  {
    handle: 'stamped-io',
    name: 'Stamped.io',
    aliases: ['Stamped'],
    category: 'Reviews',
    description: 'Reviews, ratings, NPS surveys and loyalty.',
    triggers: [
      {
        handle: 'review-created',
        name: 'Review created',
        description: 'A customer left a product review.',
        fields: review([sends.flag('Verified buyer', 'Stamped verified the purchase'), sends.url('Product URL', 'The product’s page', false)]),
      },
      {
        handle: 'nps-survey-answered',
        name: 'NPS survey answered',
        description: 'A customer answered your Net Promoter Score survey.',
        fields: [sends.customer('The customer, when known', false), sends.number('Score', 'From 0 to 10'), sends.text('Comment', 'Their comment', false), sends.email('Email', 'The customer’s email')],
      },
      {
        handle: 'vip-tier-changed',
        name: 'VIP tier changed',
        description: 'A loyalty member moved to another VIP tier.',
        fields: [sends.customer(), sends.text('Tier', 'The new tier')],
      },
    ],
    actions: [
      {
        handle: 'add-points',
        name: 'Add loyalty points',
        description: 'Adjusts the customer’s loyalty points.',
        fields: [asks.customer(), asks.integer('points', 'Points', 'Points to add (negative to deduct).'), asks.text('reason', 'Reason', 'Shown in the customer’s history.', false)],
      },
      {
        handle: 'send-review-request',
        name: 'Send review request',
        description: 'Sends Stamped’s review request email for the order.',
        fields: [asks.order()],
      },
    ],
    examples: [
      { name: 'Points for reviews with photos', description: 'When a review is created by a verified buyer, add 100 loyalty points.' },
      { name: 'Win back detractors', description: 'When an NPS score of 6 or less arrives, tag the customer detractor and email customer care.' },
    ],
  },
  {
    handle: 'yotpo',
    name: 'Yotpo',
    aliases: ['Yotpo Reviews'],
    category: 'Reviews',
    description: 'Reviews, visual UGC and loyalty; review events and loyalty actions for your workflows.',
    triggers: [
      { handle: 'review-created', name: 'Review created', description: 'A customer left a product review.', fields: review([sends.flag('Verified buyer', 'Yotpo verified the purchase')]) },
      {
        handle: 'question-asked',
        name: 'Question asked',
        description: 'A shopper asked a question about a product.',
        fields: [sends.product(), sends.text('Question', 'What they asked'), sends.email('Email', 'Who asked')],
      },
      {
        handle: 'loyalty-tier-changed',
        name: 'Loyalty tier changed',
        description: 'A loyalty member reached another VIP tier.',
        fields: [sends.customer(), sends.text('Tier', 'The new tier'), sends.text('Previous tier', 'The former tier', false)],
      },
    ],
    actions: [
      {
        handle: 'award-points',
        name: 'Award loyalty points',
        description: 'Awards loyalty points to the customer.',
        fields: [asks.customer(), asks.integer('points', 'Points', 'How many points.'), asks.text('reason', 'Reason', 'Shown in the customer’s history.', false)],
      },
      {
        handle: 'send-review-request',
        name: 'Send review request',
        description: 'Sends Yotpo’s review request for the order now.',
        fields: [asks.order()],
      },
    ],
    examples: [
      { name: 'Reward reviewers with points', description: 'When a review is created, award 50 loyalty points to the reviewer.' },
      { name: 'Answer product questions fast', description: 'When a question is asked, email the product team with the product and question.' },
    ],
  },
];
